"""Reading and writing files without following links out of the place they belong.

Nothing in a plan repository is trusted: any file or folder in it can be a symbolic link
to anywhere on the machine that runs omrade (git stores links as links, and a pull
request can add one). So omrade follows no link in ``data/`` or ``templates/`` — not
even one that points inside the repository — and its writing commands (``report``,
``new``, ``init``, ``schema``) never write through a link: they refuse, naming the path.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from omrade.diagnostics import define

_OPEN_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
# how omrade opens a file to read it: never through a link, never blocking on a pipe
OPEN_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


# 8xx, templates and output: refusals of report, new, init and schema (exit 2), not
# findings of validate; each is defined beside the code that refuses. This one, writing
# through a link, is refused here.
HINT_OUT = "name a separate folder for the reports, e.g. --out reports or --out site"

OMR804 = define(
    "OMR804",
    "error",
    "Write through a link refused",
    "`omrade new`, `init`, `schema` and `report` never write through a symbolic link: "
    "a file or folder they would write is a link (even a broken one).",
    message="is a symbolic link (to {target}); omrade does not write through links{what}",
    hint="remove the link, or replace it with a real folder or file",
    variants={
        "out_link": (
            "is a symbolic link (to {target}); omrade replaces the output folder itself and "
            "does not follow links",
            "remove the link, or " + HINT_OUT,
        ),
        "out_below_link": (
            "lies below {parent}, a symbolic link (to {target}) in the repository; omrade "
            "does not write through links",
            HINT_OUT,
        ),
        "not_a_folder": ("is not a folder", "move the file away, or write somewhere else"),
        "not_a_file": ("is not a regular file", "move it away"),
        "init_link": (
            "is a symbolic link (to {target}); omrade init does not write through links",
            "name a new or empty real folder",
        ),
        "schema_out_link": (
            "is a symbolic link (to {target}); omrade does not write through links",
            "name the real folder with --out, or remove the link",
        ),
        "schema_file_link": (
            "is a symbolic link (to {target}); omrade does not overwrite a linked file",
            "remove the link; omrade then writes the schema as a file of its own",
        ),
    },
)


class Refused(Exception):
    """omrade will not do this (exit code 2): a stable code, the path, what to do."""

    def __init__(self, code: str, where: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.where = where
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        code = f"error {self.code} " if self.code else ""
        text = f"{self.where}: {code}{self.message}"
        return text + (f"\n  hint: {self.hint}" if self.hint else "")


def printable(text: str, limit: int = 200) -> str:
    """Text from the repository (a link's target) safe to print in a message: control and
    format characters (newlines, escapes, bidi overrides) shown as \\uXXXX, length capped."""
    out = "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in text[:limit]
    )
    return out + ("…" if len(text) > limit else "")


def link_target(path: Path) -> str:
    """Where a link points, as written in the link (never followed), printable."""
    try:
        return printable(os.readlink(path))
    except OSError:
        return "?"


def _link_refusal(path: Path, shown: str, what: str = "") -> Refused:
    extra = f" ({what})" if what else ""
    return Refused(OMR804.code, shown, *OMR804.says(target=link_target(path), what=extra))


def check_no_links(base: Path, path: Path) -> None:
    """Refuse when ``path``, or any folder between ``base`` and it, is a link.

    ``base`` itself is the caller's business (the folder the user named); everything
    below it must be real folders and files.
    """
    current = base
    for part in path.relative_to(base).parts:
        current = current / part
        if os.path.islink(current):
            raise _link_refusal(current, str(current))


def make_folders(base: Path, folder: Path) -> None:
    """Create ``folder`` below ``base`` one level at a time, refusing links on the way."""
    current = base
    for part in folder.relative_to(base).parts:
        current = current / part
        if os.path.islink(current):
            raise _link_refusal(current, str(current))
        if not current.exists():
            with contextlib.suppress(FileExistsError):
                current.mkdir()
        if os.path.islink(current) or not current.is_dir():
            raise Refused(OMR804.code, str(current), *OMR804.says("not_a_folder"))


def write_new(base: Path, path: Path, text: str) -> Path:
    """Create ``path`` (below ``base``) with ``text``; never overwrites, never follows a link.

    A write that fails part-way (a full disk) removes the partial file.
    """
    check_no_links(base, path.parent)
    if os.path.islink(path):  # a dangling link counts: writing would create its target
        raise _link_refusal(path, str(path))
    if path.exists():
        raise Refused(
            "",
            str(path),
            "exists already; omrade never overwrites a file",
            "choose another id or year, or remove the file first",
        )
    make_folders(base, path.parent)
    try:
        fd = os.open(path, _OPEN_NEW, 0o666)
    except FileExistsError:  # appeared meanwhile (a link, a file): still refused
        if os.path.islink(path):
            raise _link_refusal(path, str(path)) from None
        raise Refused("", str(path), "exists already; omrade never overwrites a file") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    return path


@contextlib.contextmanager
def staged(folder: Path, name: str) -> Iterator[tuple[BinaryIO, Path]]:
    """A new temporary file in ``folder`` (named after ``name``), open for writing, and its
    path; removed when the block fails or ends without the caller having renamed it into
    place. Created exclusively, so it never opens what another process put there."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh, path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # gone already when it was renamed into place


def _stage(path: Path, data: bytes, durable: bool) -> Path:
    """``data`` in a temporary file beside ``path``, with ``path``'s permission bits (a new
    file's: what the umask allows); the caller renames it into place or removes it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        try:
            mode = os.stat(path, follow_symlinks=False).st_mode & 0o7777
            if stat.S_ISLNK(os.lstat(path).st_mode):
                mode = 0o666 & ~_umask()
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def write_whole(path: Path, data: bytes | str, *, durable: bool = True) -> Path:
    """Write ``path`` whole — the one way omrade writes a file: a temporary file beside it,
    then a rename, so that a reader sees the old file or the new one, never half of one.

    A link at ``path`` is replaced as a name, never followed; the file keeps its permission
    bits. ``durable`` (the default) waits for the bytes to reach the disk before the rename;
    a cache, which can always be rebuilt, does not. OSError when it cannot be written (the
    old file is then as it was)."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    tmp = _stage(path, content, durable)
    try:
        os.replace(tmp, path)  # replaces a name, never follows one
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def write_all(files: Mapping[Path, bytes]) -> None:
    """Replace every file, or none: each is written beside its target first, then all are
    renamed into place; when a rename fails, those already replaced are put back. OSError
    when it cannot (every file is then as it was)."""
    staged_files: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            staged_files.append((target, _stage(target, content, durable=True)))
    except BaseException:
        for _target, tmp in staged_files:
            tmp.unlink(missing_ok=True)
        raise
    originals = {target: target.read_bytes() for target, _tmp in staged_files}
    done: list[Path] = []
    try:
        for target, tmp in staged_files:
            os.replace(tmp, target)
            done.append(target)
    except BaseException:
        for target in done:  # put back what was already replaced
            write_whole(target, originals[target])
        for _target, tmp in staged_files:
            tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_file(folder: Path, name: str, text: str) -> Path:
    """Write ``folder/name`` whole (``write_whole``); a link in its place is refused rather
    than followed or replaced."""
    path = folder / name
    if os.path.islink(path):
        raise _link_refusal(path, str(path))
    if path.exists() and not path.is_file():
        raise Refused(OMR804.code, str(path), *OMR804.says("not_a_file"))
    return write_whole(path, text)


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file that is not a link (OSError otherwise; ELOOP for a link)."""
    fd = os.open(path, OPEN_READ)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
        return fh.read(max_bytes + 1)


# --- swapping two folders in one step ------------------------------------------------------

_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS stdio.h (renamex_np)
_AT_FDCWD = -100


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - every POSIX system has one
        return None


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False where the system cannot.

    Linux: ``renameat2(RENAME_EXCHANGE)`` (3.15+, most local file systems); macOS:
    ``renamex_np(RENAME_SWAP)``. Any other system, or a file system that does not
    support it, gets False and the caller falls back to two renames.
    """
    libc = _libc()
    if libc is None:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        fn = libc.renameat2
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        result = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        fn = libc.renamex_np
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        result = fn(os.fsencode(a), os.fsencode(b), _RENAME_SWAP)
    else:
        return False
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(a))


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on a folder (flock), so that two runs do not swap at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
