"""Objects kept between runs as pickles, each signed with a key that never leaves this
user's own cache folder, so that only what this user's omrade wrote is ever unpickled.

The read cache (``omrade.load.cache``) keeps JSON, which nothing can make run. A whole
checked revision (``omrade.diff.base``) is a graph of models, findings and allocations
that only pickle rebuilds faster than validating again — and unpickling runs code named
by the bytes. So an entry is trusted for what signed it, not for where it lies: it is
HMAC-SHA-256 signed with a 32-byte key made with ``os.urandom`` in
``$XDG_CACHE_HOME/omrade/signing-key`` (``~/.cache/omrade/``), readable by this user
alone. An entry that a pull request, an archive or another machine brought (a cache
folder committed, copied or restored) does not carry that key's signature and is
ignored before a byte of it is unpickled. No key (no home folder, a key file that is a
link, another user's or readable by others): nothing is read or written.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import pickle
import stat
from pathlib import Path
from typing import Any

from omrade.load.safefs import staged

FORMAT = b"omrade-signed-1"
KEY_BYTES = 32
MAX_BYTES = 4 << 30  # an entry larger than this is not read


def key_folder() -> Path | None:
    """Where the signing key lives: this user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "omrade"
    home = os.environ.get("HOME")
    if home and os.path.isabs(home):
        return Path(home) / ".cache" / "omrade"
    return None


def _regular(path: Path, limit: int, own: bool = False) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (not a link) of at most ``limit``
    bytes; with ``own``, also this user's and not readable by others."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        if own and (st.st_uid != os.geteuid() or st.st_mode & 0o077):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _own_key(path: Path) -> bytes | None:
    """The key at ``path`` when it is this user's own regular file, not readable by others."""
    key = _regular(path, KEY_BYTES, own=True)
    return key if key is not None and len(key) == KEY_BYTES else None


def signing_key(*, create: bool) -> bytes | None:
    """This user's signing key; made when ``create`` and there is none yet."""
    folder = key_folder()
    if folder is None:
        return None
    path = folder / "signing-key"
    found = _own_key(path)
    if found is not None or not create:
        return found
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError:
        return _own_key(path)  # another process made it meanwhile, or no home to write
    try:
        os.write(fd, os.urandom(KEY_BYTES))
    finally:
        os.close(fd)
    return _own_key(path)


def _signature(key: bytes, label: str, body: bytes | memoryview) -> bytes:
    mac = hmac.new(key, FORMAT + b"\0" + label.encode() + b"\0", hashlib.sha256)
    mac.update(body)
    return mac.hexdigest().encode("ascii")


def write(path: Path, label: str, value: Any) -> bool:
    """Pickle ``value`` signed for ``label`` (what it is for: a reader asking for another
    label refuses it) to ``path``, written whole or not at all. False when it was not
    (no key, an unwritable folder, a value that cannot be pickled)."""
    try:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return False
    return write_bytes(path, label, body)


def write_bytes(path: Path, label: str, body: bytes) -> bool:
    """Write ``body`` signed for ``label`` to ``path``, whole or not at all (False: not
    written, for want of a key or a writable folder)."""
    key = signing_key(create=True)
    if key is None:
        return False
    try:
        with staged(path.parent, path.name) as (out, tmp):
            out.write(FORMAT + b" " + _signature(key, label, body) + b"\n")
            out.write(body)
            out.flush()
            os.replace(tmp, path)
    except OSError:
        return False
    return True


def read_bytes(path: Path, label: str) -> memoryview | None:
    """What :func:`write_bytes` wrote to ``path`` for ``label``, or None when there is
    nothing, or it is not signed with this user's key for that label."""
    key = signing_key(create=False)
    if key is None:
        return None
    content = _regular(path, MAX_BYTES)
    if content is None or len(content) > MAX_BYTES:
        return None
    head_end = content.find(b"\n", 0, 200)
    if head_end < 0:
        return None
    head = content[:head_end].split(b" ")
    body = memoryview(content)[head_end + 1 :]
    if len(head) != 2 or head[0] != FORMAT:
        return None
    if not hmac.compare_digest(head[1], _signature(key, label, body)):
        return None
    return body


def loads(body: memoryview | bytes, **options: Any) -> Any | None:
    """Unpickle bytes that :func:`read_bytes` verified (None when they do not load here:
    a class that changed since). The collector is off while the graph is built, and what
    was built is set aside from it: it lives as long as the run."""
    collecting = gc.isenabled()
    gc.disable()  # a graph of many small objects: the collector would walk it repeatedly
    try:
        value = unpickler(body, **options).load()
    except Exception:  # signed by us, yet not loadable here (a class that changed)
        return None
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return value


def unpickler(body: memoryview | bytes, persistent: Any = None) -> pickle.Unpickler:
    """An unpickler of verified bytes; ``persistent(pid)`` answers persistent ids."""
    import io

    found = pickle.Unpickler(io.BytesIO(body))
    if persistent is not None:
        found.persistent_load = persistent  # type: ignore[method-assign]
    return found


def read(path: Path, label: str) -> Any | None:
    """What :func:`write` wrote to ``path`` for ``label``, or None when there is nothing,
    or it is not signed with this user's key for that label (then it is never unpickled)."""
    body = read_bytes(path, label)
    return None if body is None else loads(body)


def remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
