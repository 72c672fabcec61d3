"""Fuzzers of the statistics answers: a hostile server for each API (Kolada v3 and v2, SCB
PxWebApi 2.0 and PxWeb v1), played on 127.0.0.1.

Hypothesis builds answers from the recorded ones: a value anywhere in the answer replaced
by something hostile (NaN, Infinity, 1e400, a 5 000-digit number, a list, an object, deep
nesting, escape sequences, …), a key dropped, raw garbage, another HTTP status, a redirect
or a page link elsewhere, a Content-Length that lies. Each example is a batch of such
answers; the batch is imported by ``omrade import`` in **one child process under a
300 MB address-space cap** (``RLIMIT_AS``), one import per answer, each on its own copy of
the plan repository. For every import:

- the exit code is 0, 1 or 2 — never 3 (an internal error), never a crash of the child;
- no traceback is printed;
- on 0 only the analysis files changed; otherwise nothing changed, and nothing outside the
  repository either (the child's working folder stays empty);
- the server never saw a request outside the job's own path (a redirect or page link to
  another path of the server is allowed; to another origin the client never connects —
  ``test_statistics_boundary.py`` shows that with a second server).

Examples and batch sizes are bounded so that all four fuzzers together take about 20 s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.exchange.test_statistics import (
    AS_OF,
    Reply,
    Request,
    Server,
    make_repo,
    recorded,
    snapshot,
)

LIMIT_MB = 300
BATCH = 6  # imports per child process (one example)
EXAMPLES = 3  # examples per API
TOKEN = "\u0000hostile:{}\u0000"  # replaced by raw JSON after serialising

# Raw JSON (or not-quite-JSON) put where a value belongs.
HOSTILE_RAW = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "9" * 5000,
    "-" + "9" * 5000,
    "0." + "1" * 5000,
    "1e15",
    "-0",
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    "[]",
    "{}",
    "null",
    "true",
    '"\\u001b[31mred\\u001b[0m\\u0007"',
    '"\\u009b2J"',
    '"' + "x" * 100_000 + '"',
    '["T"]',
    '{"gender": "T"}',
    '"1+2"',
    '".."',
    '"82,5"',
    '"\\u2212 3"',
    "3.14159265358979323846264338327950288",
    "123456789012345678",
]
HOSTILE_LINKS = [
    "http://127.0.0.1:9/elsewhere",
    "https://127.0.0.1/x",
    "file:///etc/passwd",
    "ftp://127.0.0.1/x",
    "//evil.example/x",
    "javascript:alert(1)",
    "\x1b[2J",
    "",
    "x" * 3000,
]


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON document (the root too)."""
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from paths(value, (*prefix, i))


def put(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return doc


def drop(doc: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return doc
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return doc


def serialise(doc: Any) -> bytes:
    text = json.dumps(doc, ensure_ascii=False)
    return re.sub(
        r'"\\u0000hostile:(\d+)\\u0000"', lambda m: HOSTILE_RAW[int(m.group(1))], text
    ).encode("utf-8")


@st.composite
def answer(draw: st.DrawFn, template: Any, link_key: str | None) -> dict[str, Any]:
    """One hostile answer built from ``template`` (a recorded answer)."""
    doc = json.loads(json.dumps(template))
    kind = draw(
        st.sampled_from(["replace", "replace", "replace", "drop", "link", "garbage", "http"])
    )
    status, headers = 200, {"Content-Type": "application/json"}
    places = list(paths(doc))
    if kind == "replace":
        for _ in range(draw(st.integers(1, 3))):
            where = draw(st.sampled_from(places))
            value = draw(
                st.one_of(
                    st.sampled_from(range(len(HOSTILE_RAW))).map(TOKEN.format),
                    st.integers(-(10**20), 10**20),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=20),
                )
            )
            doc = put(doc, where, value)
            places = list(paths(doc))
        body = serialise(doc)
    elif kind == "drop":
        doc = drop(doc, draw(st.sampled_from(places)))
        body = serialise(doc)
    elif kind == "link" and link_key:
        doc[link_key] = draw(st.sampled_from(HOSTILE_LINKS))
        body = serialise(doc)
    elif kind == "garbage":
        body = draw(st.binary(max_size=300))
    else:
        status = draw(st.sampled_from([301, 302, 307, 400, 403, 404, 429, 500, 503]))
        body = draw(st.sampled_from([b"", b"\x1b]0;title\x07\x1b[2J oops", b"<html>x</html>"]))
        if status in (301, 302, 307):
            headers["Location"] = draw(st.sampled_from([*HOSTILE_LINKS, "/same/origin"]))
        if status == 429:
            headers["Retry-After"] = draw(st.sampled_from(["7", "\x1b[2J", "9" * 500, "-1"]))
    lie = draw(st.sampled_from([None, None, None, -5, 10, 10**12]))
    if lie is not None and status == 200:
        headers["Content-Length"] = str(max(0, len(body) + lie))
    return {"status": status, "headers": headers, "body": body}


# --- the four APIs ----------------------------------------------------------------------

APIS: dict[str, dict[str, Any]] = {
    "kolada-v3": {
        "service": "kolada",
        "args": [],
        "prefix": "/v3",
        "first": lambda base: recorded("kolada-v3-N15428-page1.json", base),
        "second": lambda base: recorded("kolada-v3-N15428-page2.json", base),
        "link": "next_url",
    },
    "kolada-v2": {
        "service": "kolada",
        "args": ["--api-version", "2"],
        "prefix": "/v2",
        "first": lambda base: recorded("kolada-v2-N15428-page1.json", base),
        "second": lambda base: recorded("kolada-v2-N15428-page2.json", base),
        "link": "next_page",
    },
    "scb-v2": {
        "service": "scb",
        "args": ["--years", "2023-2024", "-i", "employment-rate"],
        "prefix": "/api/v2",
        "first": lambda base: recorded("scb-v2-TAB6471-employed.json"),
        "second": None,
        "link": None,
    },
    "scb-v1": {
        "service": "scb",
        "args": ["--years", "2023-2024", "-i", "employment-rate", "--api-version", "1"],
        "prefix": "/ssd",
        "first": lambda base: recorded("scb-v1-employed.json"),
        "second": None,
        "link": None,
    },
}

CHILD = """
import contextlib, io, json, os, resource, sys
limit = {limit} << 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from omrade.entry import main
jobs = json.loads(sys.stdin.read())
out = sys.__stdout__
for job in jobs:
    os.environ[job["env"][0]] = job["env"][1]
    sys.argv = ["omrade", *job["argv"]]
    err, std = io.StringIO(), io.StringIO()
    code = None
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException as exc:  # what main() let through: a failure of the test
            code = "escaped " + type(exc).__name__
    out.write(json.dumps({{"code": code, "stderr": err.getvalue()[-3000:],
                          "stdout": std.getvalue()[-300:]}}) + "\\n")
    out.flush()
"""


def run_batch(api: str, answers: list[dict[str, Any]], tmp: Path) -> list[tuple[Any, set[str]]]:
    """Import each answer in one capped child process; check each outcome; return the exit
    codes and the changed files."""
    spec = APIS[api]
    server = Server()
    try:
        jobs, repos = [], []
        served: dict[str, dict[str, Any]] = {}
        for i, reply in enumerate(answers):
            base = f"{server.base}/j{i}{spec['prefix']}"
            served[f"/j{i}/"] = {"reply": reply, "base": base}
            root = tmp / f"plans-{i}"
            if root.exists():
                shutil.rmtree(root)
            make_repo(root, scb_version="1" if api == "scb-v1" else "2")
            repos.append((root, snapshot(root)))
            env = "OMRADE_KOLADA_URL" if spec["service"] == "kolada" else "OMRADE_SCB_URL"
            jobs.append(
                {
                    "env": [env, base],
                    "argv": [
                        "import",
                        spec["service"],
                        "-C",
                        str(root),
                        "--as-of",
                        AS_OF,
                        "--lang",
                        "en",
                        *spec["args"],
                    ],
                }
            )

        def fallback(request: Request) -> Reply:
            job = next((v for k, v in served.items() if request.raw_path.startswith(k)), None)
            if job is None:
                return 404, {}, b"not a job's path"
            if spec["second"] is not None and "page=2" in request.raw_path:
                return 200, {}, json.dumps(spec["second"](job["base"])).encode()
            reply = job["reply"]
            body = reply["body"].replace(b"{base}", job["base"].encode())
            return reply["status"], dict(reply["headers"]), body

        server.fallback = fallback
        workdir = tmp / "cwd"
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir()
        child_env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "MALLOC_ARENA_MAX": "2",
            "OMRADE_NO_CACHE": "1",
        }
        done = subprocess.run(
            [sys.executable, "-c", CHILD.format(limit=LIMIT_MB)],
            input=json.dumps(jobs),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=workdir,
            env=child_env,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        results = [json.loads(line) for line in done.stdout.splitlines()]
        assert len(results) == len(jobs), done.stderr[-3000:]
        outcomes = []
        for reply, result, (root, before) in zip(answers, results, repos, strict=True):
            shown = f"{reply!r:.600}\n{result['stderr']}"
            assert result["code"] in (0, 1, 2), shown
            assert "Traceback" not in result["stderr"], shown
            assert "internal error" not in result["stderr"], shown
            after = snapshot(root)
            changed = {f for f in set(before) | set(after) if before.get(f) != after.get(f)}
            if result["code"] == 0:
                assert all(
                    re.fullmatch(r"data/districts/[^/]+/analysis-\d{4}\.yaml", f) for f in changed
                ), (changed, shown)
            else:
                assert not changed, (changed, shown)
            outcomes.append((result["code"], changed))
        assert list(workdir.iterdir()) == []
        for _m, path, _b in server.requests:
            assert path == "/same/origin" or any(path.startswith(k) for k in served), path
        return outcomes
    finally:
        server.close()


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=30),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def batches(api: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    spec = APIS[api]
    template = spec["first"]("{base}")
    return st.lists(answer(template, spec["link"]), min_size=BATCH, max_size=BATCH)


@pytest.mark.parametrize("api", sorted(APIS))
def test_hostile_answers_end_in_a_clean_exit_within_the_memory_cap(
    api: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp(api)

    @FUZZ
    @given(batch=batches(api))
    def fuzz(batch: list[dict[str, Any]]) -> None:
        run_batch(api, batch, tmp)

    fuzz()


def test_the_recorded_answers_import_in_the_child_too(tmp_path: Path) -> None:
    """The harness itself: unchanged answers import cleanly (exit 0, analyses changed), so
    the fuzzers' exit codes mean what they say."""
    for api, spec in APIS.items():
        body = json.dumps(spec["first"]("{base}")).encode()
        reply = {"status": 200, "headers": {"Content-Type": "application/json"}, "body": body}
        (tmp_path / api).mkdir()
        [(code, changed)] = run_batch(api, [reply], tmp_path / api)
        assert code == 0, api
        assert changed and all(f.endswith("analysis-2025.yaml") for f in changed), api
