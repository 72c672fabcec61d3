"""The Kolada lines of docs/data-in-and-out.md's import example, run as written with bash
on a copy of the bundled data, against a local stand-in for Kolada API v3 on 127.0.0.1
(``OMRADE_KOLADA_URL``) that answers with the recorded v3 pages for the municipality and
years asked. The docs example runner skips the block (it needs the network); this test is
what runs it. The SCB lines need indicators with a ``source.scb`` block, which the bundled
data has not: tests/exchange/test_statistics.py runs them on a repository that has."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from omrade.repo.repository import load_repository
from tests.conftest import ROOT
from tests.exchange.test_statistics import Reply, Request, Server, ok, recorded

PAGE = ROOT / "docs" / "data-in-and-out.md"
FENCE = re.compile(r"^```sh\n(.*?)^```[ \t]*$", re.S | re.M)


def documented_kolada_lines() -> str:
    """The documented block that runs ``omrade import kolada``."""
    found = [b for b in FENCE.findall(PAGE.read_text(encoding="utf-8")) if "import kolada" in b]
    assert len(found) == 1, f"{PAGE.name}: one Kolada import example, found {len(found)}"
    assert "import scb" not in found[0]
    return found[0]


def kolada_v3(request: Request) -> Reply:
    """Kolada v3's ``data`` answer for the KPI, municipality and years asked: the recorded
    pages' periods, for the municipality asked (one page, ``next_url`` null)."""
    kpi = request.query["kpi_id"][0]
    municipality = request.query["municipality_id"][0]
    years = {int(y) for y in request.query["year"][0].split(",")}
    periods: list[dict[str, Any]] = []
    for page in (1, 2):
        for entry in recorded(f"kolada-v3-N15428-page{page}.json")["values"]:
            if entry["kpi"] == kpi and entry["period"] in years:
                periods.append(entry | {"municipality": municipality})
    return ok({"count": len(periods), "values": periods, "next_url": None})


@pytest.fixture
def kolada() -> Iterator[Server]:
    server = Server()
    server.routes[("GET", "/v3/data")] = kolada_v3
    yield server
    server.close()


def test_the_documented_kolada_import_runs_as_written(kolada: Server, tmp_path: Path) -> None:
    work = tmp_path / "plans"
    shutil.copytree(ROOT / "data", work / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMRADE_")}
    env.update(
        OMRADE_KOLADA_URL=kolada.base + "/v3",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    )
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", documented_kolada_lines()],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # both lines asked Kolada v3, as its documentation says: the analyses' years, then 2024
    asked = [path for _method, path, _body in kolada.requests]
    assert asked == [
        "/v3/data?kpi_id=N15428&municipality_id=0127&year=2023,2024",
        "/v3/data?kpi_id=N15428&municipality_id=0127&year=2024",
    ]
    # every district's analysis has Kolada's figures in its municipality column
    repo = load_repository(work)
    rows = [
        v
        for (_district, year), doc in repo.analyses.items()
        if year == 2025 and doc.model is not None
        for v in doc.model.values
        if v.indicator == "school-eligibility" and v.sex is None
    ]
    assert len(rows) == 10  # five districts, two years
    for v in rows:
        assert str(v.municipality) == {2023: "82.0", 2024: "83.4"}[v.year], v
        assert v.municipality_source == "Kolada N15428"
