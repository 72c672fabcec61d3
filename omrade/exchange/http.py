"""HTTP for the statistics import: every request a bounded exchange with one origin.

A statistics server is untrusted. What it can make omrade do is limited here, in one
place:

- **one origin**: only the scheme, host and port of the configured base URL are ever
  contacted — the first request, a page link (``next_url``, ``next_page``) and a redirect
  alike; anything else is refused before a connection is made, with a message naming it.
  Only ``http`` and ``https`` are spoken.
- **one deadline per request**: connecting, the answer's headers and its body together
  get :data:`DEADLINE` seconds (a server that sends a byte every few seconds is cut off
  when it runs out, not only when it falls silent);
- **a size cap**: an answer's body is read in chunks up to :data:`MAX_ANSWER_BYTES`
  (a ``Content-Length`` above it is refused before reading); an error page up to
  :data:`MAX_ERROR_BYTES`, of which an excerpt is shown;
- **JSON that cannot surprise the arithmetic**: ``NaN``, ``Infinity`` and over-long
  numbers are refused while parsing, floats are read exactly (``Decimal``), nesting too
  deep for the parser is a message;
- **clean text**: what a server says (an error page, ``Retry-After``) reaches the
  terminal only through :func:`omrade.present.plain.line`, which shows control characters
  and escape sequences as visible symbols.

Every failure is an :class:`~omrade.exchange.ExchangeError` (exit 1) that names the service
and the address, in the run's language.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass
from decimal import Decimal
from email.message import Message
from typing import Any

from omrade import __version__
from omrade.exchange import ExchangeError, UsageError
from omrade.i18n import Translator
from omrade.present import plain

DEADLINE = 60.0  # seconds for one whole request: connect, headers and body
MAX_ANSWER_BYTES = 2 << 20  # the largest answer read (a big municipality's is ~400 KB)
MAX_ERROR_BYTES = 4096  # of an error page, read to show an excerpt
MAX_REDIRECTS = 5
MAX_NUMBER_CHARS = 40  # a JSON number longer than this is not a statistic
CHUNK = 64 << 10
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Origin:
    """Scheme, host and port: what "the same server" means."""

    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin | None:
        """The origin of an http(s) URL; None for any other scheme or a URL without host."""
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return None
        return cls(scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80))

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def shown(text: object, limit: int = 200) -> str:
    """Server-controlled text for one terminal line: cleaned and cut to ``limit``."""
    line = plain.line(str(text)).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass(frozen=True)
class Proxy:
    host: str
    port: int
    authorization: str | None = None


def _proxy_for(origin: Origin) -> Proxy | None:
    """The HTTP proxy the environment names for ``origin`` (``https_proxy``, ``http_proxy``,
    ``no_proxy``), as urllib would use it; None for none. Only the connection goes to the
    proxy: the origin check is on the address asked for, whatever the proxy."""
    import base64
    import urllib.request

    if urllib.request.proxy_bypass(origin.host):
        return None
    address = urllib.request.getproxies().get(origin.scheme)
    if not address:
        return None
    try:
        parts = urllib.parse.urlsplit(address if "://" in address else "http://" + address)
        port = parts.port or 80
    except ValueError:
        return None
    if parts.scheme != "http" or not parts.hostname:
        return None  # an https:// or socks proxy is not spoken: connect directly
    authorization = None
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        authorization = f"Basic {token}"
    return Proxy(parts.hostname, port, authorization)


class _TooLong(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _TooLong(text[:20])
    return int(text)


def _parse_float(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_CHARS:
        raise _TooLong(text[:20])
    return Decimal(text)


def _parse_constant(name: str) -> Any:
    raise _TooLong(name)  # NaN, Infinity, -Infinity: not numbers a statistic can have


class Client:
    """Requests to one statistics service, confined to the origin of its base URL."""

    def __init__(
        self,
        service: str,
        base: str,
        t: Translator,
        *,
        deadline: float = DEADLINE,
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        origin = Origin.of(base)
        if origin is None:
            raise UsageError(
                t._(
                    "--base-url {url}: omrade speaks to {service} over http:// or https:// "
                    "only; give the address of its API",
                    url=shown(base),
                    service=service,
                )
            )
        self.service = service
        self.base = base.rstrip("/")
        self.origin = origin
        self.t = t
        self.deadline = deadline
        self.max_bytes = max_bytes

    # --- the origin ---------------------------------------------------------------------

    def check(self, url: str, via: str | None = None) -> str:
        """``url`` (made absolute against ``via``) if it is on the configured origin."""
        target = urllib.parse.urljoin(via, url) if via else url
        if Origin.of(target) != self.origin:
            raise ExchangeError(
                self.t._(
                    "{service} pointed omrade to {url}, which is not the configured "
                    "server ({origin}); omrade only contacts the address it was given "
                    "(--base-url). Nothing was changed",
                    service=self.service,
                    url=shown(target),
                    origin=self.origin,
                )
            )
        return target

    # --- requests -----------------------------------------------------------------------

    def get_json(self, url: str, body: Any | None = None) -> Any:
        """GET (or POST ``body`` as JSON) ``url`` and decode the JSON answer."""
        status, headers, raw = self._exchange(url, body)
        if not 200 <= status < 300:
            raise ExchangeError(self._http_message(url, status, headers, raw))
        return self.decode(url, raw)

    def decode(self, url: str, raw: bytes) -> Any:
        """JSON with exact numbers; anything else is a message naming the address."""
        t = self.t
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            try:
                return json.loads(
                    text,
                    parse_int=_parse_int,
                    parse_float=_parse_float,
                    parse_constant=_parse_constant,
                )
            except _TooLong as exc:
                raise ExchangeError(
                    t._(
                        "{service} answered {url} with a number omrade does not accept "
                        "({number}…: NaN, Infinity and numbers of more than {most} "
                        "characters are not statistics); nothing was changed",
                        service=self.service,
                        url=shown(url),
                        number=shown(exc.args[0], 20),
                        most=MAX_NUMBER_CHARS,
                    )
                ) from None
            except RecursionError:
                raise ExchangeError(
                    t._(
                        "{service}'s answer to {url} is nested too deeply to be a "
                        "statistics answer; nothing was changed",
                        service=self.service,
                        url=shown(url),
                    )
                ) from None
            except ValueError:  # json.JSONDecodeError and a Decimal that cannot be
                pass
        raise ExchangeError(
            t._(
                "{service} answered {url} with something that is not JSON ({excerpt}); "
                "is the base URL right? Nothing was changed",
                service=self.service,
                url=shown(url),
                excerpt=repr(shown(raw.decode("utf-8", "replace"), 80)),
            )
        )

    def _exchange(self, url: str, body: Any | None) -> tuple[int, Message, bytes]:
        """One request within one deadline, following same-origin redirects only."""
        t = self.t
        method = "GET" if body is None else "POST"
        data = None if body is None else json.dumps(body).encode("utf-8")
        end = time.monotonic() + self.deadline
        target = self.check(url)
        for _hop in range(MAX_REDIRECTS + 1):
            status, headers, raw, location = self._once(method, target, data, end)
            if location is None:
                return status, headers, raw
            target = self.check(location, via=target)
            if status == 303 or (status in (301, 302) and method == "POST"):
                method, data = "GET", None
        raise ExchangeError(
            t._(
                "{service} redirected {url} more than {most} times; nothing was changed",
                service=self.service,
                url=shown(url),
                most=MAX_REDIRECTS,
            )
        )

    def _once(
        self, method: str, url: str, data: bytes | None, end: float
    ) -> tuple[int, Message, bytes, str | None]:
        parts = urllib.parse.urlsplit(url)
        path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        remaining = end - time.monotonic()
        if remaining <= 0:
            raise self._timed_out(url)
        conn: http.client.HTTPConnection
        proxy = _proxy_for(self.origin)
        extra: dict[str, str] = {}
        host, port = (proxy.host, proxy.port) if proxy else (self.origin.host, self.origin.port)
        if proxy and proxy.authorization:
            extra["Proxy-Authorization"] = proxy.authorization
        if self.origin.scheme == "https":
            conn = http.client.HTTPSConnection(
                host, port, timeout=remaining, context=ssl.create_default_context()
            )
            if proxy:  # a tunnel through the proxy to the origin; TLS is with the origin
                conn.set_tunnel(self.origin.host, self.origin.port, headers=extra)
                extra = {}
        else:
            conn = http.client.HTTPConnection(host, port, timeout=remaining)
            if proxy:  # a plain-HTTP proxy is asked for the whole URL
                path = url
        expired = threading.Event()

        def cut_off() -> None:  # the deadline: whatever the request is waiting for ends
            expired.set()
            sock = conn.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(remaining, cut_off)
        timer.daemon = True
        timer.start()
        try:
            headers = {
                "Accept": "application/json",
                "User-Agent": f"omrade/{__version__}",
                **({"Content-Type": "application/json"} if data is not None else {}),
                **extra,
            }
            conn.request(method, path, body=data, headers=headers)
            answer = conn.getresponse()
            location = answer.getheader("Location")
            if answer.status in REDIRECTS and location:
                return answer.status, answer.headers, b"", location
            ok = 200 <= answer.status < 300
            raw = self._read(answer, url, end, self.max_bytes if ok else MAX_ERROR_BYTES, ok)
            if expired.is_set():
                raise self._timed_out(url)
            return answer.status, answer.headers, raw, None
        except ExchangeError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if expired.is_set() or isinstance(exc, TimeoutError):
                raise self._timed_out(url) from None
            reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
            raise ExchangeError(
                self.t._(
                    "cannot reach {service} at {url}: {reason}. Check the network "
                    "connection (or --base-url); nothing was changed",
                    service=self.service,
                    url=shown(url),
                    reason=shown(reason or type(exc).__name__, 120),
                )
            ) from None
        finally:
            timer.cancel()
            conn.close()

    def _read(
        self, answer: http.client.HTTPResponse, url: str, end: float, most: int, whole: bool
    ) -> bytes:
        """The body in chunks, never more than ``most`` bytes; for an error page the
        first ``most`` bytes are enough (``whole`` False)."""
        length = answer.getheader("Content-Length") or ""
        digits = length.strip()
        if whole and digits.isdigit() and len(digits) <= 18 and int(digits) > most:
            raise self._too_large(url, most)
        chunks: list[bytes] = []
        total = 0
        while True:
            if time.monotonic() >= end:
                raise self._timed_out(url)
            chunk = answer.read1(CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > most:
                if not whole:
                    chunks.append(chunk[: most - (total - len(chunk))])
                    break
                raise self._too_large(url, most)
            chunks.append(chunk)
        return b"".join(chunks)

    # --- messages -------------------------------------------------------------------

    def _timed_out(self, url: str) -> ExchangeError:
        return ExchangeError(
            self.t._(
                "{service} did not finish answering {url} within {seconds} seconds; try "
                "again later. Nothing was changed",
                service=self.service,
                url=shown(url),
                seconds=f"{self.deadline:g}",
            )
        )

    def _too_large(self, url: str, most: int) -> ExchangeError:
        return ExchangeError(
            self.t._(
                "{service}'s answer to {url} is larger than {size} MB, more than a "
                "statistics answer for one municipality can be; it was not read. "
                "Nothing was changed",
                service=self.service,
                url=shown(url),
                size=f"{most / (1 << 20):g}",
            )
        )

    def _http_message(self, url: str, code: int, headers: Message, raw: bytes) -> str:
        t = self.t
        service = self.service
        if code == 429:
            wait = headers.get("Retry-After") if headers else None
            seconds = shown(wait, 40) if wait else ""
            return (
                t._(
                    "{service} limits how often it may be asked (HTTP 429 Too Many "
                    "Requests); it asks to wait {seconds} seconds. Wait a moment and run "
                    "the import again; nothing was changed",
                    service=service,
                    seconds=seconds,
                )
                if seconds
                else t._(
                    "{service} limits how often it may be asked (HTTP 429 Too Many "
                    "Requests). Wait a moment and run the import again; nothing was "
                    "changed",
                    service=service,
                )
            )
        what = {
            400: t._("refused the query (HTTP 400): a variable, a value or a code is unknown"),
            403: t._("refused the query (HTTP 403): it is too large or not allowed"),
            404: t._(
                "does not know this address (HTTP 404): the table or indicator does not exist"
            ),
        }.get(code) or t._("answered with an error (HTTP {code})", code=code)
        body = shown(raw.decode("utf-8", "replace"))
        return t._(
            "{service} {what}: {url}{body}; nothing was changed",
            service=service,
            what=what,
            url=shown(url),
            body=f" — {body}" if body else "",
        )
