"""The statistics boundary, one attack at a time: what a hostile or broken statistics server
can send, and that each ends in a clear message (an ExchangeError, exit 1 on the command
line) — never a traceback, never a connection to another server, never an unbounded read.

The attacks are played by a local server on 127.0.0.1 (``tests.exchange.test_statistics``);
the fuzzers in ``test_statistics_fuzz.py`` try many more of them through the command."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from omrade.exchange import ExchangeError, UsageError, kolada, scb
from omrade.exchange.http import Client
from omrade.i18n import Translator
from omrade.repo.repository import Repository, load_repository
from tests.exchange.test_statistics import (
    KOLADA_V2,
    KOLADA_V3,
    Reply,
    Request,
    Server,
    make_repo,
    ok,
    recorded,
)

EN = Translator("en")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


@pytest.fixture
def other() -> Iterator[Server]:
    """A second server: the place a hostile answer points to. It must never be asked."""
    s = Server()
    yield s
    s.close()


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    return load_repository(make_repo(tmp_path_factory.mktemp("b") / "plans"))


def kolada_answer(server: Server, answer: Any, version: str = "3") -> str:
    """Serve ``answer`` (JSON data, or raw bytes) for the first Kolada page; then import."""
    first = KOLADA_V3 if version == "3" else KOLADA_V2
    server.routes[("GET", first)] = lambda _r: ok(
        answer if isinstance(answer, bytes) else json.loads(json.dumps(answer))
    )
    return first


def import_kolada(plans: Repository, base: str, version: str = "3") -> Any:
    ind = plans.indicators["school-eligibility"]
    return kolada.collect(
        [ind],
        "0999",
        {ind.id: [2023, 2024]},
        f"{base}/v{version}",
        version=version,
        t=EN,
    )


def failure(call: Any) -> str:
    with pytest.raises(ExchangeError) as caught:
        call()
    message = str(caught.value)
    assert not CONTROL.search(message.replace("\n", "")), message  # nothing raw reaches a terminal
    return message


def kolada_page(value: Any = 82.0, gender: Any = "T") -> dict[str, Any]:
    return {
        "values": [
            {
                "kpi": "N15428",
                "municipality": "0999",
                "period": 2023,
                "values": [{"gender": gender, "value": value, "count": 1, "status": ""}],
            }
        ]
    }


# --- numbers and structures -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"NaN", "a number omrade does not accept (NaN"),
        (b"Infinity", "a number omrade does not accept (Infinity"),
        (b"-Infinity", "a number omrade does not accept (-Infinity"),
        (b"1e400", "too large a number for a statistic"),
        (b"9" * 5000, "a number omrade does not accept (99999999999999999999"),
        (b"9" * 5000 + b".5", "a number omrade does not accept"),
        (b"1e16", "too large a number for a statistic"),
        (b"true", "not a number"),
        (b'"82,5 %"', "not a number"),
    ],
    ids=["nan", "inf", "-inf", "1e400", "5000-digits", "5000-digit-float", "1e16", "bool", "text"],
)
def test_numbers_that_are_not_statistics_are_refused(
    server: Server, plans: Repository, raw: bytes, said: str
) -> None:
    body = json.dumps(kolada_page(value="@")).encode().replace(b'"@"', raw)
    kolada_answer(server, body)
    message = failure(lambda: import_kolada(plans, server.base))
    assert said in message
    assert "Nothing was changed" in message or "nothing was changed" in message


@pytest.mark.parametrize(
    ("gender", "place"),
    [
        (["T"], "values[0].values[0].gender: not one of the documented values"),
        ({"T": 1}, "values[0].values[0].gender: not one of the documented values"),
        (None, "values[0].values[0].gender: not one of the documented values"),
        ("X", "values[0].values[0].gender: not one of the documented values"),
    ],
    ids=["list", "object", "null", "unknown"],
)
def test_a_structure_against_the_schema_names_the_place(
    server: Server, plans: Repository, gender: Any, place: str
) -> None:
    kolada_answer(server, kolada_page(gender=gender))
    message = failure(lambda: import_kolada(plans, server.base))
    assert "not in the documented form (Kolada API v3)" in message
    assert place in message


def test_deep_nesting_is_a_message(server: Server, plans: Repository) -> None:
    kolada_answer(server, b'{"values": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert "nested too deeply" in failure(lambda: import_kolada(plans, server.base))


def test_a_row_for_another_kpi_is_refused(server: Server, plans: Repository) -> None:
    page = kolada_page()
    page["values"][0]["kpi"] = "N00001"
    kolada_answer(server, page)
    assert "answered with N00001 for 0999, not N15428 for 0999" in failure(
        lambda: import_kolada(plans, server.base)
    )


def test_one_cap_on_the_problems_printed(server: Server, plans: Repository) -> None:
    page = kolada_page()
    page["values"][0]["values"] = [{"gender": ["T"], "value": 1}] * 200
    kolada_answer(server, page)
    message = failure(lambda: import_kolada(plans, server.base))
    listed = [line for line in message.splitlines() if line.startswith("  values[")]
    assert len(listed) == 10
    assert "… and 190 more problems" in message


def scb_import(plans: Repository, base: str, indicator: str = "residents") -> Any:
    ind = plans.indicators[indicator]
    areas = {"norr": ["0999R001", "0999R002"], "syd": ["0999R003"]}
    return scb.collect([ind], areas, {ind.id: [2024]}, f"{base}/api/v2", version="2", t=EN)


def residents(change: Any) -> Any:
    doc = recorded("scb-v2-TAB6574-residents.json")
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.__setitem__("size", [3, 1, 2]), "value: 3 figures where the sizes make 6"),
        (lambda d: d.__setitem__("size", [3, 1]), "id and size: one size per dimension"),
        (lambda d: d.__setitem__("size", [1000, 1000, 1000]), "size:"),
        (
            lambda d: d["dimension"]["Region"]["category"].__setitem__(
                "index", {"0999R001": 0, "0999R002": 0, "0999R003": 7}
            ),
            "dimension.Region.category.index: not the positions 0–2",
        ),
        (lambda d: d["dimension"].pop("Tid"), "dimension.Tid: missing"),
        (lambda d: d.__setitem__("id", ["Region", "ContentsCode", "År"]), "no variable 'Tid'"),
        (lambda d: d.__setitem__("value", [1, 2, [3]]), "value"),
        (lambda d: d.__setitem__("value", {"99": 1}), "a position beyond"),
        (lambda d: d.__setitem__("version", "1.0"), "version: not one of the documented"),
    ],
    ids=[
        "sizes",
        "ids",
        "huge",
        "index",
        "no-dimension",
        "no-time",
        "list-value",
        "sparse",
        "version",
    ],
)
def test_a_jsonstat_dataset_of_the_wrong_shape_is_refused(
    server: Server, plans: Repository, change: Any, said: str
) -> None:
    doc = residents(change)
    server.routes[("GET", "/api/v2/tables/TAB6574/data")] = lambda _r: ok(doc)
    message = failure(lambda: scb_import(plans, server.base))
    assert "not in the documented form (PxWebApi 2.0, JSON-stat 2.0)" in message
    assert said in message


def test_a_sparse_jsonstat_value_object_is_read(server: Server, plans: Repository) -> None:
    doc = residents(lambda d: d.__setitem__("value", {"0": 6100, "1": 3900, "2": 30000}))
    server.routes[("GET", "/api/v2/tables/TAB6574/data")] = lambda _r: ok(doc)
    found = scb_import(plans, server.base)
    assert found[0].districts == {"norr": {(2024, None): 10000}, "syd": {(2024, None): 30000}}


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([{"key": ["0999R001"], "values": ["1"]}], "data[0]: 1 codes and 1 values"),
        ([{"key": ["0999R001", "2024"], "values": []}], "data[0]: 2 codes and 0 values"),
        ([{"key": ["0999R001", ["2024"]], "values": ["1"]}], "data[0].key[1]: should be a text"),
        ([{"key": ["0999R001", "2024"], "values": ["1e400"]}], "data[0].values[0]: not a num"),
        ([{"key": ["0999R001", "2024"], "values": [12]}], "data[0].values[0]: should be a text"),
        ([{"key": ["0999R001", "2024"], "values": ["NaN"]}], "data[0].values[0]: not a number"),
        ([["0999R001", "2024", "1"]], "data[0]: should be an object"),
    ],
    ids=["short-key", "no-values", "list-code", "exp", "number", "nan", "row-list"],
)
def test_pxweb_v1_rows_of_the_wrong_shape_are_refused(
    server: Server, tmp_path: Path, rows: Any, said: str
) -> None:
    plans = load_repository(make_repo(tmp_path / "plans", scb_version="1"))
    doc = recorded("scb-v1-residents.json")
    doc["data"] = rows
    server.routes[("POST", "/ssd/BE/BE0101/BE0101A/FolkmRegSO")] = lambda _r: ok(doc)
    ind = plans.indicators["residents"]
    message = failure(
        lambda: scb.collect(
            [ind], {"norr": ["0999R001"]}, {ind.id: [2024]}, f"{server.base}/ssd", version="1", t=EN
        )
    )
    assert "not in the documented form (PxWeb API v1)" in message
    assert said in message


# --- the origin ------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["3", "2"])
def test_a_page_link_to_another_server_is_refused_unasked(
    server: Server, other: Server, plans: Repository, version: str
) -> None:
    page = recorded(f"kolada-v{version}-N15428-page1.json", other.base + f"/v{version}")
    kolada_answer(server, page, version)
    message = failure(lambda: import_kolada(plans, server.base, version))
    assert f"pointed omrade to {other.base}/v{version}/data" in message
    assert f"not the configured server ({server.base}" in message
    assert other.requests == []


@pytest.mark.parametrize(
    "link",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1:70/x",
        "https://127.0.0.1/v3/x",  # the same host on another scheme and port
        "//example.org/v3/data",
    ],
)
def test_a_page_link_to_another_scheme_is_refused(
    server: Server, plans: Repository, link: str
) -> None:
    page = kolada_page()
    page["next_url"] = link
    kolada_answer(server, page)
    message = failure(lambda: import_kolada(plans, server.base))
    assert "which is not the configured server" in message
    assert len(server.requests) == 1


def test_a_relative_page_link_stays_on_the_server(server: Server, plans: Repository) -> None:
    first = kolada_answer(server, kolada_page() | {"next_url": "data?page=2"})
    server.routes[("GET", "/v3/data?page=2")] = lambda _r: ok(
        {"values": [kolada_page()["values"][0] | {"period": 2024}]}
    )
    found = import_kolada(plans, server.base)
    assert found[0].municipality == {(2023, None): Decimal("82.0"), (2024, None): Decimal("82.0")}
    assert [p for _m, p, _b in server.requests] == [first, "/v3/data?page=2"]


def test_a_page_that_links_to_itself_ends(server: Server, plans: Repository) -> None:
    first = kolada_answer(server, kolada_page())
    server.routes[("GET", first)] = lambda _r: ok(kolada_page() | {"next_url": first})
    assert "kept sending pages" in failure(lambda: import_kolada(plans, server.base))


def test_a_redirect_to_another_server_is_refused_unasked(
    server: Server, other: Server, plans: Repository
) -> None:
    first = KOLADA_V3
    server.routes[("GET", first)] = lambda _r: (302, {"Location": other.base + first}, b"")
    other.routes[("GET", first)] = lambda _r: ok(kolada_page())
    message = failure(lambda: import_kolada(plans, server.base))
    assert f"pointed omrade to {other.base}{first}" in message
    assert other.requests == []


def test_a_redirect_on_the_server_is_followed(server: Server, plans: Repository) -> None:
    server.routes[("GET", KOLADA_V3)] = lambda _r: (307, {"Location": "/v3/moved"}, b"")
    page = kolada_page()
    page["values"].append(page["values"][0] | {"period": 2024})
    server.routes[("GET", "/v3/moved")] = lambda _r: ok(page)
    assert import_kolada(plans, server.base)[0].municipality[(2024, None)] == Decimal("82.0")


def test_a_redirect_loop_ends(server: Server, plans: Repository) -> None:
    server.routes[("GET", KOLADA_V3)] = lambda _r: (302, {"Location": KOLADA_V3}, b"")
    assert "redirected" in failure(lambda: import_kolada(plans, server.base))
    assert len(server.requests) == 6


def test_an_http_proxy_from_the_environment_is_used_for_the_origin_only(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind a municipality's proxy the import still works (as urllib's would); the origin
    check is on the address asked for, so a link elsewhere is refused all the same."""
    for name in ("no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(
        "http_proxy", f"http://user:p%40ss@127.0.0.1:{server.base.rsplit(':', 1)[1]}"
    )
    page = kolada_page() | {"next_url": "http://elsewhere.example/v3/data"}
    server.fallback = lambda _r: ok(page)
    client = Client("Kolada", "http://stats.example/v3", EN)
    assert client.get_json("http://stats.example/v3/data?x=1") == json.loads(json.dumps(page))
    assert [p for _m, p, _b in server.requests] == ["http://stats.example/v3/data?x=1"]
    message = failure(lambda: client.check(page["next_url"], via="http://stats.example/v3/data"))
    assert "pointed omrade to http://elsewhere.example/v3/data" in message


@pytest.mark.parametrize("base", ["file:///tmp/x", "ftp://example.org/v3", "v3", ""])
def test_a_base_url_that_is_not_http_is_a_usage_error(base: str) -> None:
    with pytest.raises(UsageError, match="over http:// or https:// only"):
        Client("Kolada", base, EN)


# --- size and time ------------------------------------------------------------------------


def test_a_declared_huge_answer_is_not_read(server: Server, plans: Repository) -> None:
    def huge(_r: Request) -> Reply:
        return 200, {"Content-Length": str(10 << 30)}, iter([b"[" * 1000, 5.0])

    server.routes[("GET", KOLADA_V3)] = huge
    assert "larger than 2 MB" in failure(lambda: import_kolada(plans, server.base))


def test_an_endless_answer_is_cut_at_the_cap(server: Server, plans: Repository) -> None:
    def endless(_r: Request) -> Reply:
        def chunks() -> Iterator[bytes]:
            while True:
                yield b" " * 65536

        return 200, {}, chunks()

    server.routes[("GET", KOLADA_V3)] = endless
    assert "larger than 2 MB" in failure(lambda: import_kolada(plans, server.base))


def test_a_slow_server_meets_one_deadline_per_request(server: Server) -> None:
    """A byte every 0.2 s never trips a per-read timeout; the request's deadline ends it."""

    def drip(_r: Request) -> Reply:
        def chunks() -> Iterator[Any]:
            yield b"{"
            while True:
                yield 0.2
                yield b" "

        return 200, {}, chunks()

    server.routes[("GET", "/slow")] = drip
    client = Client("Kolada", server.base, EN, deadline=1.0)
    message = failure(lambda: client.get_json(server.base + "/slow"))
    assert "did not finish answering" in message and "within 1 seconds" in message


def test_a_slow_header_meets_the_deadline_too(server: Server) -> None:
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
            if stop.is_set():
                break
            try:
                conn.send(bytes([byte]))
            except OSError:
                break
            time.sleep(0.1)
        conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        client = Client("SCB", f"http://127.0.0.1:{port}", EN, deadline=1.0)
        assert "did not finish answering" in failure(
            lambda: client.get_json(f"http://127.0.0.1:{port}/x")
        )
    finally:
        stop.set()
        thread.join(5)
        listener.close()


# --- what reaches the terminal -------------------------------------------------------------


def test_escape_sequences_from_the_server_are_shown_not_obeyed(
    server: Server, plans: Repository
) -> None:
    body = b"\x1b]0;owned\x07\x1b[2J\x1b[31mred\x1b[0m\r\nFake: line\x9b1m"
    server.routes[("GET", KOLADA_V3)] = lambda _r: (500, {}, body)
    message = failure(lambda: import_kolada(plans, server.base))
    assert "\x1b" not in message and "\x07" not in message and "\x9b" not in message
    assert "␛]0;owned␇␛[2J␛[31mred" in message
    server.routes[("GET", KOLADA_V3)] = lambda _r: (429, {"Retry-After": "7\x1b[2J\x1b[1A"}, b"")
    message = failure(lambda: import_kolada(plans, server.base))
    assert "\x1b" not in message and "wait 7␛[2J␛[1A seconds" in message


def test_messages_are_swedish_by_default(server: Server, plans: Repository) -> None:
    server.routes[("GET", KOLADA_V3)] = lambda _r: (429, {"Retry-After": "7"}, b"")
    ind = plans.indicators["school-eligibility"]
    with pytest.raises(ExchangeError) as caught:
        kolada.collect([ind], "0999", {ind.id: [2023, 2024]}, f"{server.base}/v3")
    assert "Kolada begränsar hur ofta" in str(caught.value)
