"""Opening a workbook that came back from outside: sizes checked before anything is read.

An ``.xlsx`` file is a zip archive of XML parts. Whoever filled it in (or whoever made it
look filled in) chooses every byte, so before openpyxl sees it:

- the file is read once, capped (:data:`MAX_FILE_BYTES`), and everything after reads that
  copy (the file cannot change between the checks and the reading);
- the zip directory is read first: the number of parts and their declared uncompressed
  sizes, each and in total, are capped (Python's zip reader never gives more bytes than
  a part declares);
- every part is scanned as a stream (nothing kept), whatever its name, and its elements,
  rows, cells and strings counted against caps; XML that does not parse stops here;
- openpyxl then opens the copy in read-only mode (rows streamed, not built as a sheet of
  objects), and any failure inside it is a refusal, never a crash.

Every refusal is an :class:`~omrade.exchange.ExchangeError` whose message names the file
and what to do; nothing is written.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from omrade.exchange import ExchangeError, UsageError, require
from omrade.i18n import Translator

MAX_FILE_BYTES = 20 * 1024 * 1024  # the archive on disk
MAX_PARTS = 1_000  # entries in the zip directory
MAX_UNCOMPRESSED = 48 * 1024 * 1024  # all parts together, as declared
MAX_OTHER_PART = 4 * 1024 * 1024  # styles, theme, workbook, relations …
MAX_ROWS = 10_000  # rows in one sheet
MAX_ROW_CELLS = 1_000  # cells in one row (the export has 14 columns)
MAX_CELLS = 300_000  # cells in the whole workbook
MAX_STRINGS = 300_000  # entries of the shared-string table
MAX_ELEMENTS = 2_000_000  # XML elements in all parts together
_XML_NAMES = (".xml", ".rels", ".vml")

_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_STRINGS_PART = "xl/sharedStrings.xml"


@dataclass
class Archive:
    """A workbook's bytes, checked: what openpyxl may open."""

    path: Path
    data: bytes


def _unreadable(t: Translator, path: Path, why: str) -> ExchangeError:
    return ExchangeError(
        t._(
            "{path}: not an .xlsx workbook that can be read ({why}); save it as an Excel "
            "workbook (.xlsx), or export a new one",
            path=path,
            why=why,
        )
    )


def _too_large(t: Translator, path: Path, what: str) -> ExchangeError:
    return ExchangeError(
        t._(
            "{path}: the workbook is too large to be a filled follow-up workbook ({what}); "
            "nothing was read. Export a new workbook and fill in only its rows",
            path=path,
            what=what,
        )
    )


def read_archive(path: Path, t: Translator) -> Archive:
    """The file's bytes, once, after its size, zip directory and XML have been checked."""
    try:
        with open(path, "rb") as fh:
            st = _stat(fh)
            if not stat.S_ISREG(st.st_mode):
                raise _unreadable(t, path, t._("not a regular file"))
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(t._("{path}: no such file", path=path)) from None
    except IsADirectoryError:
        raise _unreadable(t, path, t._("a folder")) from None
    except OSError as exc:
        raise _unreadable(t, path, exc.strerror or exc.__class__.__name__) from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(t, path, t._("over {limit} MB", limit=MAX_FILE_BYTES // (1024 * 1024)))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            _check_directory(infos, path, t)
            _scan(z, infos, path, t)
    except ExchangeError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise _unreadable(t, path, t._("not a zip archive, or a damaged one")) from None
    except ParseError as exc:
        raise _unreadable(t, path, t._("XML that does not parse: {why}", why=exc)) from None
    except (OSError, ValueError, RuntimeError, KeyError, zlib.error) as exc:  # a bad header
        raise _unreadable(t, path, exc.__class__.__name__) from None
    return Archive(path, data)


def _stat(fh: Any) -> Any:
    import os

    return os.fstat(fh.fileno())


def _check_directory(infos: list[zipfile.ZipInfo], path: Path, t: Translator) -> None:
    if len(infos) > MAX_PARTS:
        raise _too_large(t, path, t._("{n} parts in the archive", n=len(infos)))
    total = 0
    for info in infos:
        total += info.file_size
        is_xml_data = _SHEET_PART.fullmatch(info.filename) or info.filename == _STRINGS_PART
        if not is_xml_data and info.file_size > MAX_OTHER_PART:
            raise _too_large(
                t, path, t._("the part {name} is {n} bytes", name=info.filename, n=info.file_size)
            )
    if total > MAX_UNCOMPRESSED:
        raise _too_large(t, path, t._("{n} bytes uncompressed", n=total))
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _unreadable(t, path, t._("it has no xl/workbook.xml"))


def _scan(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], path: Path, t: Translator) -> None:
    """Count rows, cells, texts and elements as a stream, stopping at the first cap exceeded.

    Every part is scanned, whatever its name (the workbook's relations may name any part
    as a sheet): a part that is not XML is skipped unless its name says it is XML."""
    cells = strings = elements = 0
    for info in infos:
        name = info.filename
        rows = row_cells = 0
        try:
            for element in _elements(z, name):
                elements += 1
                if elements > MAX_ELEMENTS:
                    raise _too_large(t, path, t._("over {n} XML elements", n=MAX_ELEMENTS))
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "row":
                    rows, row_cells = rows + 1, 0
                    if rows > MAX_ROWS:
                        raise _too_large(
                            t, path, t._("{name} has over {n} rows", name=name, n=MAX_ROWS)
                        )
                elif tag == "c":
                    cells, row_cells = cells + 1, row_cells + 1
                    if row_cells > MAX_ROW_CELLS:
                        raise _too_large(
                            t,
                            path,
                            t._("a row of {name} has over {n} cells", name=name, n=MAX_ROW_CELLS),
                        )
                    if cells > MAX_CELLS:
                        raise _too_large(t, path, t._("over {n} cells", n=MAX_CELLS))
                elif tag == "si":
                    strings += 1
                    if strings > MAX_STRINGS:
                        raise _too_large(t, path, t._("over {n} texts", n=MAX_STRINGS))
        except ParseError:
            if name.endswith(_XML_NAMES):
                raise
            # not XML (an image): openpyxl does not parse it either


def _elements(z: zipfile.ZipFile, name: str) -> Iterator[Any]:
    """The part's elements as they start; each is dropped once it ends (nothing is kept)."""
    with z.open(name) as stream:
        parents: list[Any] = []
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                parents.append(element)
                yield element
            else:
                parents.pop()
                if parents:
                    parents[-1].remove(element)  # forget what was read
                element.clear()


def open_workbook(archive: Archive, t: Translator) -> Any:
    """The checked archive opened by openpyxl, read-only (rows are streamed)."""
    openpyxl = require("openpyxl")
    try:
        return openpyxl.load_workbook(
            io.BytesIO(archive.data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:
        raise _unreadable(t, archive.path, exc.__class__.__name__) from None


def rows(
    ws: Any, archive: Archive, t: Translator, max_col: int | None = None
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells up to ``max_col``) of a sheet, streamed, every row the sheet holds
    (whatever its declared dimension says); a failure while reading is a refusal."""
    try:
        ws.reset_dimensions()  # a declared dimension could hide rows, or invent millions
        for number, row in enumerate(ws.iter_rows(max_col=max_col), start=1):
            if number > MAX_ROWS:
                raise _too_large(t, archive.path, t._("over {n} rows", n=MAX_ROWS))
            yield number, row
    except ExchangeError:
        raise
    except Exception as exc:
        raise _unreadable(t, archive.path, exc.__class__.__name__) from None
