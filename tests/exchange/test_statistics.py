"""`omrade import kolada` and `omrade import scb` against a local HTTP server on 127.0.0.1
that serves recorded answers in the APIs' documented formats: Kolada API v3 and SCB
PxWebApi 2.0 (JSON-stat 2.0) by default, Kolada v2 and PxWeb v1 with --api-version (see
tests/fixtures/recorded/README.md for where each format was taken from). Nothing here
reaches the internet."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from omrade.cli import app
from omrade.repo.repository import load_repository
from tests.conftest import FIXTURES

RECORDED = FIXTURES / "recorded"
AS_OF = "2025-10-01"
SCB_TABLE_V1 = "AM/AM0210/AM0210D/ArRegDesoStatusN"
RESIDENTS_V1 = "BE/BE0101/BE0101A/FolkmRegSO"

INDICATORS = """kind: indicators
indicators:
  - id: employment-rate
    name: Förvärvsfrekvens
    unit: percent
    need: lower_is_need
    dimension: economic
    source:
      provider: scb
      ref: Förvärvsarbetande 20–64 år per RegSO
      scb:
        table: {employed}
        numerator: {{contents: "000006MM", select: {{Alder: "20-64", Sysselsattning: FÖRV}}}}
        denominator: {{contents: "000006MM", select: {{Alder: "20-64", Sysselsattning: TOT}}}}
        sex: {{variable: Kon}}
  - id: child-poverty
    name: Barnfattigdom
    unit: percent
    need: higher_is_need
    dimension: social
    source: {{provider: scb}}
  - id: residents
    name: Folkmängd
    unit: count
    need: none
    dimension: social
    source:
      provider: scb
      scb: {{table: {residents}, numerator: {{contents: BE0101N1}}}}
  - id: school-eligibility
    name: Behöriga till yrkesprogram
    unit: percent
    need: lower_is_need
    dimension: social
    source: {{provider: kolada, ref: "N15428 (andel, kommunen)"}}
"""


class Server:
    """A local stand-in for Kolada and SCB: answers from ``routes``, records requests.

    A route gets the request (method, path, query, body) and returns ``(status, headers,
    payload)``; the payload is bytes, or an iterable of bytes and pauses (floats, seconds)
    sent as they come without a Content-Length — how a slow or endless server behaves."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Callable[[Request], Reply]] = {}
        self.fallback: Callable[[Request], Reply] | None = None  # for any other request
        self.requests: list[tuple[str, str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                server.requests.append((method, self.path, body))
                parts = urllib.parse.urlsplit(self.path)
                request = Request(
                    method, parts.path, urllib.parse.parse_qs(parts.query), body, self.path
                )
                route = (
                    server.routes.get((method, self.path))
                    or server.routes.get((method, parts.path))
                    or server.fallback
                )
                status, headers, payload = (
                    route(request) if route else (404, {}, b"<html>Not found</html>")
                )
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if isinstance(payload, bytes):
                        if "Content-Length" not in headers:
                            self.send_header("Content-Length", str(len(payload)))
                        self.end_headers()
                        self.wfile.write(payload)
                        return
                    self.end_headers()
                    for piece in payload:
                        if isinstance(piece, float):
                            time.sleep(piece)
                        else:
                            self.wfile.write(piece)
                            self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: as it should

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    raw_path: str


Reply = tuple[int, dict[str, str], Any]


def ok(payload: Any) -> Reply:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return 200, {"Content-Type": "application/json; charset=utf-8"}, data


def recorded(name: str, base: str = "") -> Any:
    text = (RECORDED / name).read_text(encoding="utf-8").replace("{base}", base)
    return json.loads(text)


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def selection(request: Request) -> dict[str, list[str]]:
    """PxWebApi 2.0's valueCodes[…] parameters as variable → codes."""
    return {
        key[len("valueCodes[") : -1]: value[0].split(",")
        for key, value in request.query.items()
        if key.startswith("valueCodes[")
    }


def scb_routes(server: Server, employed: Any = None, version: str = "2") -> None:
    """SCB's answers in the API version's documented form."""
    if version == "1":

        def pxweb(request: Request) -> Reply:
            body = request.body
            assert body is not None and body["response"] == {"format": "json"}
            sel = {q["code"]: q["selection"]["values"] for q in body["query"]}
            which = "employed" if sel["Sysselsattning"] == ["FÖRV"] else "population"
            doc = recorded(f"scb-v1-{which}.json")
            if employed is not None and which == "employed":
                doc = employed(doc)
            return ok(doc)

        server.routes[("POST", "/ssd/" + SCB_TABLE_V1)] = pxweb
        server.routes[("POST", "/ssd/" + RESIDENTS_V1)] = lambda _r: ok(
            recorded("scb-v1-residents.json")
        )
        return

    def jsonstat(request: Request) -> Reply:
        assert request.query["outputFormat"] == ["json-stat2"]
        which = "employed" if selection(request)["Sysselsattning"] == ["FÖRV"] else "population"
        doc = recorded(f"scb-v2-TAB6471-{which}.json")
        if employed is not None and which == "employed":
            doc = employed(doc)
        return ok(doc)

    server.routes[("GET", "/api/v2/tables/TAB6471/data")] = jsonstat
    server.routes[("GET", "/api/v2/tables/TAB6574/data")] = lambda _r: ok(
        recorded("scb-v2-TAB6574-residents.json")
    )


KOLADA_V3 = "/v3/data?kpi_id=N15428&municipality_id=0999&year=2023,2024"
KOLADA_V2 = "/v2/data/kpi/N15428/municipality/0999/year/2023,2024"


def kolada_routes(server: Server, version: str = "3") -> None:
    first = KOLADA_V3 if version == "3" else KOLADA_V2
    server.routes[("GET", first)] = lambda _r: ok(
        recorded(f"kolada-v{version}-N15428-page1.json", server.base + f"/v{version}")
    )
    more = "&page=2&per_page=1" if version == "3" else "?page=2&per_page=1"
    server.routes[("GET", first + more)] = lambda _r: ok(
        recorded(f"kolada-v{version}-N15428-page2.json", server.base + f"/v{version}")
    )


def make_repo(root: Path, scb_version: str = "2") -> Path:
    shutil.copytree(FIXTURES / "base", root)
    tables = (
        {"employed": SCB_TABLE_V1, "residents": RESIDENTS_V1}
        if scb_version == "1"
        else {"employed": "TAB6471", "residents": "TAB6574"}
    )
    (root / "data/indicators.yaml").write_text(INDICATORS.format(**tables), encoding="utf-8")
    for ident, codes in (("norr", "[0999R001, 0999R002]"), ("syd", "[0999R003]")):
        path = root / f"data/districts/{ident}.yaml"
        path.write_text(
            path.read_text(encoding="utf-8") + f"areas: {{regso: {codes}}}\n", encoding="utf-8"
        )
        analysis = root / f"data/districts/{ident}/analysis-2025.yaml"
        text = analysis.read_text(encoding="utf-8")
        text = text.replace(
            "summary:",
            "  - {indicator: school-eligibility, year: 2023, value: 70.0}\n"
            "  - {indicator: school-eligibility, year: 2024, value: 71.5}\n"
            "  - {indicator: school-eligibility, year: 2024, sex: female, value: 74.0}\n"
            "summary:",
        )
        analysis.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "plans")


@pytest.fixture
def repo_v1(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "plans-v1", scb_version="1")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def base_urls(base: str) -> dict[str, str]:
    return {"scb": base + "/api/v2", "kolada": base + "/v3"}


def run(runner, root: Path, service: str, base: str, *args: str, lang: str = "en"):
    """The import through the CLI, with the service's address for the API version asked
    for (``--api-version`` among ``args``; the default otherwise)."""
    version = args[args.index("--api-version") + 1] if "--api-version" in args else None
    url = {
        ("scb", "1"): base + "/ssd",
        ("kolada", "2"): base + "/v2",
    }.get((service, version), base + ("/api/v2" if service == "scb" else "/v3"))
    env = {"OMRADE_SCB_URL": url, "OMRADE_KOLADA_URL": url}
    return runner.invoke(
        app,
        ["import", service, "-C", str(root), "--as-of", AS_OF, "--lang", lang, *args],
        env=env,
    )


def values(root: Path, district: str) -> dict[tuple[str, int, str | None], Any]:
    repo = load_repository(root)
    doc = repo.analyses[(district, 2025)]
    return {(v.indicator, v.year, v.sex): v for v in doc.model.values}


@pytest.mark.parametrize("version", ["2", "1"])
def test_scb_rates_are_recomputed_from_sums_never_averaged(
    runner, server, tmp_path, version
) -> None:
    repo = make_repo(tmp_path / "plans", scb_version=version)
    table = "TAB6471" if version == "2" else SCB_TABLE_V1
    scb_routes(server, version=version)
    before = (repo / "data/districts/norr/analysis-2025.yaml").read_text(encoding="utf-8")
    extra = ["--api-version", "1"] if version == "1" else []
    args = ["--years", "2023-2024", "-i", "employment-rate", *extra]
    result = run(runner, repo, "scb", server.base, *args)
    assert result.exit_code == 0, result.output
    norr = values(repo, "norr")
    # Norr: 90 % of 1 000 in one area and 50 % of 100 in the other: (900 + 50) / 1 100,
    # not the average of the two rates (70 %)
    assert str(norr[("employment-rate", 2024, None)].value) == "86.4"
    assert str(norr[("employment-rate", 2023, None)].value) == "84.4"
    assert str(norr[("employment-rate", 2024, "male")].value) == "85.8"  # 472 / 550
    assert str(norr[("employment-rate", 2024, "female")].value) == "86.9"  # 478 / 550
    syd = values(repo, "syd")
    assert str(syd[("employment-rate", 2023, None)].value) == "73.8"  # 590 / 800, half up
    assert str(syd[("employment-rate", 2024, "female")].value) == "70.0"
    row = norr[("employment-rate", 2024, None)]
    assert row.source == f"SCB {table}, RegSO 0999R001, 0999R002"
    assert row.retrieved == dt.date.fromisoformat(AS_OF)  # --as-of: a replay writes the same
    today = row.retrieved.isoformat()
    assert row.municipality == 70  # the municipality column is not SCB's to change

    # the existing row changed in place, in its own style; every other line is as it was
    after = (repo / "data/districts/norr/analysis-2025.yaml").read_text(encoding="utf-8")
    assert (
        "  - {indicator: employment-rate, year: 2024, value: 86.4, municipality: 70, "
        f'source: "SCB {table}, RegSO 0999R001, 0999R002", retrieved: {today}}}\n'
    ) in after  # commas in a flow mapping need quotes, and get them
    old_lines = before.splitlines()
    new_lines = after.splitlines()
    assert [ln for ln in old_lines if ln not in new_lines] == [
        "  - {indicator: employment-rate, year: 2024, value: 60, municipality: 70}"
    ]
    assert len(new_lines) == len(old_lines) + 5  # 2023 total and four values by sex

    # one request per measure, for every area at once, in the documented form
    asked = [r for r in server.requests]
    assert len(asked) == 2
    if version == "2":
        method, path, body = asked[0]
        assert method == "GET" and body is None
        parts = urllib.parse.urlsplit(path)
        assert parts.path == "/api/v2/tables/TAB6471/data"
        query = urllib.parse.parse_qs(parts.query)
        assert query["lang"] == ["sv"] and query["outputFormat"] == ["json-stat2"]
        sel = {k[len("valueCodes[") : -1]: v[0].split(",") for k, v in query.items() if "[" in k}
        assert sel["Region"] == ["0999R001", "0999R002", "0999R003"]
        assert sel["Tid"] == ["2023", "2024"]
        assert sel["Kon"] == ["1+2", "2", "1"]  # sent as 1%2B2: a plus is not a space
        assert "valueCodes[Kon]=1%2B2,2,1" in path
        assert sel["ContentsCode"] == ["000006MM"]
        assert sel["Alder"] == ["20-64"] and sel["Sysselsattning"] == ["FÖRV"]
    else:
        posts = [b for method, _p, b in asked if method == "POST"]
        sel = {q["code"]: q["selection"] for q in posts[0]["query"]}
        assert sel["Region"] == {"filter": "item", "values": ["0999R001", "0999R002", "0999R003"]}
        assert sel["Tid"]["values"] == ["2023", "2024"]
        assert sel["Kon"]["values"] == ["1+2", "2", "1"]
        assert sel["ContentsCode"]["values"] == ["000006MM"]

    assert "value changed: Förvärvsfrekvens 2024" in result.stdout
    assert "wrote 12 values in 2 files" in result.stderr  # 2 districts × 2 years × 3
    check = runner.invoke(app, ["validate", str(repo), "--as-of", AS_OF])
    assert check.exit_code == 0, check.output

    # the report shows the values by sex beside the total
    out = repo / "site"
    rep = runner.invoke(
        app, ["report", "-C", str(repo), "--format", "md", "--out", str(out), "--as-of", AS_OF]
    )
    assert rep.exit_code == 0, rep.output
    page = (out / "md/districts/norr.md").read_text(encoding="utf-8").replace("\xa0", " ")
    # and the gap between them (issue 27: equity followed through)
    expected = "| 2024 | 86,4 % (kvinnor 86,9 %, män 85,8 %, skillnad 1,1 procentenheter) | 70 % |"
    assert expected in page

    again = run(runner, repo, "scb", server.base, *args)
    assert again.exit_code == 0 and "wrote 0 values in 0 files; 12 already" in again.stderr


@pytest.mark.parametrize("version", ["2", "1"])
def test_scb_counts_are_summed(runner, server, tmp_path, version) -> None:
    repo = make_repo(tmp_path / "plans", scb_version=version)
    scb_routes(server, version=version)
    extra = ["--api-version", "1"] if version == "1" else []
    result = run(runner, repo, "scb", server.base, "--years", "2024", "-i", "residents", *extra)
    assert result.exit_code == 0, result.output
    assert values(repo, "norr")[("residents", 2024, None)].value == 10000  # 6 100 + 3 900
    assert values(repo, "syd")[("residents", 2024, None)].value == 30000


@pytest.mark.parametrize("version", ["3", "2"])
def test_kolada_fills_the_municipality_column(runner, server, repo, version) -> None:
    kolada_routes(server, version)
    extra = ["--api-version", "2"] if version == "2" else []
    result = run(runner, repo, "kolada", server.base, *extra)
    assert result.exit_code == 0, result.output
    for district in ("norr", "syd"):
        v = values(repo, district)
        assert str(v[("school-eligibility", 2023, None)].municipality) == "82.0"
        assert str(v[("school-eligibility", 2024, None)].municipality) == "83.4"
        assert str(v[("school-eligibility", 2024, "female")].municipality) == "85.3"
        row = v[("school-eligibility", 2024, None)]
        assert row.municipality_source == "Kolada N15428"
        assert row.municipality_retrieved == dt.date.fromisoformat(AS_OF)
        assert str(row.value) == "71.5"  # the district value is left alone
    # the default years are those the analyses have; both pages were read
    paths = [p for _m, p, _b in server.requests]
    first = KOLADA_V3 if version == "3" else KOLADA_V2
    more = "&page=2&per_page=1" if version == "3" else "?page=2&per_page=1"
    assert paths == [first, first + more]
    assert "wrote 6 values in 2 files" in result.stderr


@pytest.mark.parametrize("service", ["kolada", "scb"])
def test_the_import_command_runs_in_a_fresh_process(server, repo, service) -> None:
    """The installed ``omrade`` command, not the test's interpreter (where every module is
    imported already): it once stopped with an internal error (the rules not loaded)
    before writing the values it had fetched."""
    (kolada_routes if service == "kolada" else scb_routes)(server)
    url = server.base + ("/v3" if service == "kolada" else "/api/v2")
    years = ["--years", "2024", "-i", "residents"] if service == "scb" else []
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "omrade",
            "import",
            service,
            "-C",
            str(repo),
            "--as-of",
            AS_OF,
            *years,
        ],
        env={**os.environ, "OMRADE_KOLADA_URL": url, "OMRADE_SCB_URL": url, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    v = values(repo, "norr")
    if service == "kolada":
        assert str(v[("school-eligibility", 2024, None)].municipality) == "83.4"
    else:
        assert v[("residents", 2024, None)].value is not None


def test_dry_run_shows_and_writes_nothing(runner, server, repo) -> None:
    scb_routes(server)
    before = snapshot(repo)
    result = run(runner, repo, "scb", server.base, "--years", "2024", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "value changed: Förvärvsfrekvens 2024" in result.stdout
    assert "would write" in result.stderr and "dry run" in result.stderr
    assert snapshot(repo) == before


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _partial(doc: Any) -> Any:
    # SCB has no figures for 0999R003 in 2024: null values with the status ".."
    where = doc["dimension"]
    region = where["Region"]["category"]["index"]["0999R003"]
    year = where["Tid"]["category"]["index"]["2024"]
    stride_region = 3 * 2  # Kon × Tid (Alder, Sysselsattning and ContentsCode are 1)
    doc["status"] = {}
    for sex in range(3):
        i = region * stride_region + sex * 2 + year
        doc["value"][i] = None
        doc["status"][str(i)] = ".."
    return doc


def _dots(doc: Any) -> Any:
    # 0999R002, women (Kon 2), 2023: no figure
    i = 1 * 6 + 1 * 2 + 0
    doc["value"][i] = None
    doc["status"] = {str(i): ".."}
    return doc


EMPLOYED = ("GET", "/api/v2/tables/TAB6471/data")
FAILURES: list[tuple[str, str, Callable[[Server], None], str]] = [
    (
        "network",
        "scb",
        lambda s: None,
        "cannot reach SCB at http://127.0.0.1:",
    ),
    (
        "rate-limit",
        "scb",
        lambda s: s.routes.__setitem__(
            EMPLOYED, lambda _r: (429, {"Retry-After": "7"}, b"Too many requests")
        ),
        "SCB limits how often it may be asked (HTTP 429 Too Many Requests); it asks to wait "
        "7 seconds",
    ),
    (
        "unknown-table",
        "scb",
        lambda s: None,  # nothing routed: 404
        "SCB does not know this address (HTTP 404): the table or indicator does not exist",
    ),
    (
        "unknown-code",
        "scb",
        lambda s: s.routes.__setitem__(
            EMPLOYED, lambda _r: (400, {}, b"Felaktig fr\xc3\xa5ga: 0999R003 finns inte")
        ),
        "SCB refused the query (HTTP 400): a variable, a value or a code is unknown",
    ),
    (
        "partial",
        "scb",
        lambda s: scb_routes(s, _partial),
        "SCB has no figure for 0999R003 2024, 0999R003 2024 (female), 0999R003 2024 (male)",
    ),
    (
        "missing-figure",
        "scb",
        lambda s: scb_routes(s, _dots),
        "SCB has no figure for 0999R002 2023 (female)",
    ),
    (
        "not-json",
        "scb",
        lambda s: s.routes.__setitem__(EMPLOYED, lambda _r: (200, {}, b"<html>Underhall</html>")),
        "answered http://127.0.0.1",
    ),
    (
        "kolada-unknown-kpi",
        "kolada",
        lambda s: s.routes.__setitem__(
            ("GET", KOLADA_V3), lambda _r: ok({"count": 0, "values": []})
        ),
        "Kolada has no values of N15428 for municipality 0999 in 2023–2024",
    ),
    (
        "kolada-partial",
        "kolada",
        lambda s: s.routes.__setitem__(
            ("GET", KOLADA_V3),
            lambda _r: ok(recorded("kolada-v3-N15428-page1.json") | {"next_url": None}),
        ),
        "Kolada has no value of N15428 for municipality 0999 in 2024 (a partial answer",
    ),
    (
        "kolada-rate-limit",
        "kolada",
        lambda s: s.routes.__setitem__(("GET", KOLADA_V3), lambda _r: (429, {}, b"")),
        "Kolada limits how often it may be asked (HTTP 429",
    ),
]


@pytest.mark.parametrize(
    ("service", "setup", "message"),
    [f[1:] for f in FAILURES],
    ids=[f[0] for f in FAILURES],
)
def test_failures_are_clear_and_change_nothing(
    runner, server, repo, service, setup, message
) -> None:
    setup(server)
    base = server.base
    if message.startswith("cannot reach"):
        base = f"http://127.0.0.1:{_closed_port()}"
    before = snapshot(repo)
    args = ["--years", "2023-2024"] if service == "scb" else []
    result = run(runner, repo, service, base, *args)
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.stderr.split())
    assert "nothing was changed" in result.stderr.lower()
    assert "Traceback" not in result.output
    assert snapshot(repo) == before


def test_failures_speak_swedish_by_default(runner, server, repo) -> None:
    server.routes[EMPLOYED] = lambda _r: (429, {"Retry-After": "7"}, b"")
    result = run(runner, repo, "scb", server.base, "--years", "2024", lang="sv")
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "SCB begränsar hur ofta" in said and "7 sekunder" in said, said
    assert "inget har ändrats" in said.lower()


def test_a_v1_table_path_under_pxwebapi_2_is_a_usage_error(runner, server, repo_v1) -> None:
    result = run(runner, repo_v1, "scb", server.base, "--years", "2024", "-i", "residents")
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    assert f"source.scb.table '{RESIDENTS_V1}' is not a table id" in said
    assert "--api-version 1" in said
    assert server.requests == []


def test_usage_errors(runner, server, repo) -> None:
    result = run(runner, repo, "scb", server.base, "--years", "20x4")
    assert result.exit_code == 2 and "'20x4' is not a year" in result.stderr
    result = run(runner, repo, "scb", server.base, "-i", "child-poverty", "--years", "2024")
    assert result.exit_code == 2 and "has no source.scb" in result.stderr
    result = run(runner, repo, "scb", server.base, "-i", "residents")
    assert result.exit_code == 2 and "say which years with --years" in result.stderr
    result = run(runner, repo, "kolada", server.base, "-i", "nope")
    assert result.exit_code == 2 and "no indicator 'nope'" in result.stderr
    result = run(runner, repo, "scb", server.base, "--years", "2024", "--api-version", "9")
    assert result.exit_code == 2
    assert server.requests == []


def test_values_by_sex_are_their_own_rows_and_never_weigh_the_allocation() -> None:
    from omrade.repo.allocation import find_value
    from omrade.run import run_checks
    from tests.helpers import base_files, district, repo_from_texts

    files = base_files()
    files["data/districts/norr.yaml"] = district("norr", 100)
    files["data/districts/norr/analysis-2025.yaml"] = (
        "kind: analysis\ndistrict: norr\nyear: 2025\nstatus: draft\nupdated: 2025-01-01\n"
        "values:\n"
        "  - {indicator: work, year: 2024, sex: female, value: 55}\n"
        "  - {indicator: work, year: 2024, value: 60, retrieved: 2025-02-01}\n"
        "  - {indicator: work, year: 2024, sex: male, value: 65}\n"
        "  - {indicator: work, year: 2024, sex: male, value: 66}\n"
        "summary: x\ndimensions: {social: {assessment: x}, economic: {assessment: x}}\n"
    )
    repo = repo_from_texts(files)
    assert [d.code for d in repo.diagnostics] == []
    found = [d for d in run_checks(repo, dt.date(2025, 6, 1)) if d.code == "OMR231"]
    assert [(d.path, d.message) for d in found] == [
        ("values[3]", "a second value for Arbete in 2024 (men)")
    ]
    value, _file = find_value(repo, "norr", "work", 2024)
    assert value == 60

    bad = dict(files)
    bad["data/districts/norr/analysis-2025.yaml"] = files[
        "data/districts/norr/analysis-2025.yaml"
    ].replace("sex: female", "sex: kvinna")
    codes = [(d.code, d.message) for d in repo_from_texts(bad).diagnostics]
    assert codes == [("OMR104", "'kvinna' is not a valid sex")]
