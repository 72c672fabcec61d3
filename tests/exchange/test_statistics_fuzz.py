"""Fuzzers of the statistics answers: a hostile server for each API (Kolada v3 and v2, SCB
PxWebApi 2.0 and PxWeb v1), played on 127.0.0.1.

Hypothesis builds answers from the recorded ones: a value anywhere in the answer replaced
by something hostile (NaN, Infinity, 1e400, a 5 000-digit number, a list, an object, deep
nesting, escape sequences, …), a key dropped, raw garbage, another HTTP status, a redirect
or a page link elsewhere, a Content-Length that lies. The whole fuzzer — hypothesis, the
local server and the imports — runs in **one child process per API under a 300 MB
address-space cap** (``RLIMIT_AS``), each answer imported by ``omrade import`` (its real
entry point, in that process) into its own copy of the plan repository. First the
recorded answer must import (exit 0, analyses changed), so that the codes mean something.
For every hostile answer:

- the exit code is 0, 1 or 2 — never 3 (an internal error, also what running out of
  memory under the cap becomes), never a crash of the child;
- no traceback is printed;
- on 0 only the analysis files changed; otherwise nothing changed, and nothing outside the
  repository either (the child's working folder stays empty);
- the server never saw a request outside the job's own path (a redirect or page link to
  another path of the server is allowed; to another origin the client never connects —
  ``test_statistics_boundary.py`` shows that with a second server).

Examples are bounded (and each has a deadline) so that the four fuzzers take about 20 s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
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
EXAMPLES = 20  # hostile answers per API
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
# characters for texts (a fixed alphabet: hypothesis's full Unicode tables cost more memory
# than the cap leaves it)
ALPHABET = st.sampled_from(list('aZ09 ,.-+:/[]{}"\\\x00\x07\x1b\x9b\u2028\u202eåäöÅ−'))
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


def lookup(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


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
    places = [p for p in paths(doc) if p]  # the whole answer is replaced by "garbage"
    if kind == "replace":
        for _ in range(draw(st.integers(1, 3))):
            leaves = [p for p in places if not isinstance(lookup(doc, p), dict | list)]
            where = draw(st.sampled_from(leaves if draw(st.booleans()) else places))
            value = draw(
                st.one_of(
                    st.sampled_from(range(len(HOSTILE_RAW))).map(TOKEN.format),
                    st.integers(-(10**20), 10**20),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(alphabet=ALPHABET, max_size=20),
                )
            )
            doc = put(doc, where, value)
            places = [p for p in paths(doc) if p]
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
        "denominator": lambda r: False,
    },
    "kolada-v2": {
        "service": "kolada",
        "args": ["--api-version", "2"],
        "prefix": "/v2",
        "first": lambda base: recorded("kolada-v2-N15428-page1.json", base),
        "second": lambda base: recorded("kolada-v2-N15428-page2.json", base),
        "link": "next_page",
        "denominator": lambda r: False,
    },
    "scb-v2": {
        "service": "scb",
        "args": ["--years", "2023-2024", "-i", "employment-rate"],
        "prefix": "/api/v2",
        "first": lambda base: recorded("scb-v2-TAB6471-employed.json"),
        "second": None,
        "link": None,
        "denominator": lambda r: "valueCodes[Sysselsattning]=TOT" in r.raw_path,
        "denominator_file": "scb-v2-TAB6471-population.json",
    },
    "scb-v1": {
        "service": "scb",
        "args": ["--years", "2023-2024", "-i", "employment-rate", "--api-version", "1"],
        "prefix": "/ssd",
        "first": lambda base: recorded("scb-v1-employed.json"),
        "second": None,
        "link": None,
        "denominator": lambda r: "TOT" in json.dumps(r.body),
        "denominator_file": "scb-v1-population.json",
    },
}

CHILD = """
import resource, sys, threading
limit = {limit} << 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
threading.stack_size(512 << 10)  # the local server's threads count against the cap too
from tests.exchange.test_statistics_fuzz import fuzz_in_child
fuzz_in_child({apis!r}, {examples}, {tmp!r})
"""


def import_one(api: str, reply: dict[str, Any], server: Server, root: Path) -> tuple[Any, str]:
    """Serve ``reply`` and run ``omrade import`` on ``root`` in this process; the exit code
    and what it printed."""
    import contextlib
    import io

    from omrade.entry import main

    spec = APIS[api]
    prefix = f"/j{uuid.uuid4().hex[:8]}/"
    base = f"{server.base}{prefix[:-1]}{spec['prefix']}"

    def serve(request: Request) -> Reply:
        if not request.raw_path.startswith(prefix):
            return 404, {}, b"not this job's path"
        if spec["second"] is not None and "page=2" in request.raw_path:
            return 200, {}, json.dumps(spec["second"](base)).encode()
        if spec["denominator"](request):  # SCB's denominator: the recorded population
            return 200, {}, json.dumps(recorded(spec["denominator_file"])).encode()
        body = reply["body"].replace(b"{base}", base.encode())
        return reply["status"], dict(reply["headers"]), body

    server.fallback = serve
    env = "OMRADE_KOLADA_URL" if spec["service"] == "kolada" else "OMRADE_SCB_URL"
    os.environ[env] = base
    sys.argv = ["omrade", "import", spec["service"], "-C", str(root), "--as-of", AS_OF]
    sys.argv += ["--lang", "en", *spec["args"]]
    err = io.StringIO()
    code: Any = None
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    for _m, path, _b in server.requests:
        assert path.startswith(prefix) or path == "/same/origin", path
    server.requests.clear()
    return code, err.getvalue()


def check_one(api: str, reply: dict[str, Any], server: Server, tmp: Path) -> tuple[Any, set[str]]:
    """One import of one answer, and the promises kept: exit 0/1/2, no traceback, only the
    analyses changed (and only on success)."""
    root = tmp / f"plans-{uuid.uuid4().hex[:8]}"
    make_repo(root, scb_version="1" if api == "scb-v1" else "2")
    before = snapshot(root)
    code, said = import_one(api, reply, server, root)
    shown = f"{reply!r:.800}\n{said[-3000:]}"
    assert code in (0, 1, 2), shown
    assert "Traceback" not in said and "internal error" not in said, shown
    after = snapshot(root)
    changed = {f for f in set(before) | set(after) if before.get(f) != after.get(f)}
    if code == 0:
        analyses = r"data/districts/[^/]+/analysis-\d{4}\.yaml"
        assert all(re.fullmatch(analyses, f) for f in changed), (changed, shown)
    else:
        assert not changed, (changed, shown)
    shutil.rmtree(root)
    return code, changed


def fuzz_in_child(apis: list[str], examples: int, tmp_name: str) -> None:
    """Runs in the capped child, for each API: the recorded answer first (it must import),
    then ``examples`` hostile ones from hypothesis. One line of JSON per API: the exit
    codes seen, or the failure (hypothesis's shrunk example and the traceback)."""
    import time
    import traceback

    tmp = Path(tmp_name)
    server = Server()
    try:
        for api in apis:
            codes: dict[Any, int] = {}
            started = time.monotonic()
            error = None
            try:
                fuzz_one_api(api, examples, server, tmp, codes)
            except BaseException:  # reported to the test in the parent, which fails
                error = traceback.format_exc()[-6000:]
            peak = Path("/proc/self/status").read_text().split("VmPeak:")[1].split("\n")[0]
            line = {
                "api": api,
                "codes": {str(k): v for k, v in codes.items()},
                "error": error,
                "peak": peak.strip(),
                "seconds": round(time.monotonic() - started, 1),
            }
            sys.__stdout__.write(json.dumps(line) + "\n")
            sys.__stdout__.flush()
    finally:
        server.close()


def fuzz_one_api(api: str, examples: int, server: Server, tmp: Path, codes: dict[Any, int]) -> None:
    spec = APIS[api]
    recorded_reply = {
        "status": 200,
        "headers": {"Content-Type": "application/json"},
        "body": serialise(spec["first"]("{base}")),
    }
    code, changed = check_one(api, recorded_reply, server, tmp)
    assert code == 0 and changed, "the recorded answer must import"

    @settings(
        max_examples=examples,
        deadline=timedelta(seconds=10),
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(reply=answer(spec["first"]("{base}"), spec["link"]))
    def fuzz(reply: dict[str, Any]) -> None:
        code, _changed = check_one(api, reply, server, tmp)
        codes[code] = codes.get(code, 0) + 1

    fuzz()


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """All four fuzzers in one child process under the cap (one start-up, not four)."""
    tmp = tmp_path_factory.mktemp("fuzz")
    workdir = tmp / "cwd"
    workdir.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD.format(limit=LIMIT_MB, apis=sorted(APIS), examples=EXAMPLES, tmp=str(tmp)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=workdir,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "MALLOC_ARENA_MAX": "2",
            "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp / "hypothesis"),
        },
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {
        "returncode": done.returncode,
        "stderr": done.stderr[-5000:],
        "apis": {line["api"]: line for line in lines},
        "outside": sorted(p.name for p in workdir.iterdir()),
    }


@pytest.mark.parametrize("api", sorted(APIS))
def test_hostile_answers_end_in_a_clean_exit_within_the_memory_cap(
    api: str, fuzzed: dict[str, Any]
) -> None:
    assert fuzzed["returncode"] == 0, fuzzed["stderr"]  # the child itself did not die
    result = fuzzed["apis"].get(api)
    assert result is not None, fuzzed["stderr"]
    assert result["error"] is None, result["error"]
    assert sum(result["codes"].values()) >= EXAMPLES // 2, result  # the examples ran
    assert fuzzed["outside"] == []  # nothing written outside the repositories
    print(api, result["codes"], result["peak"], f"{result['seconds']} s")
