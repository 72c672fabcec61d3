"""Files in the repository the server does not check, asked about by the editor (a
position in them, a hover): read only as far as omrade reads any file, never a pipe or
a link."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from pathlib import Path

from omrade.lsp.server import OmradeServer
from omrade.lsp.session import Session
from tests.conftest import ROOT


def _server(tmp_path: Path) -> OmradeServer:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    server = OmradeServer()
    server.session = Session(tmp_path, dt.date(2025, 10, 1), max_bytes=1000)
    return server


def test_a_pipe_a_link_and_a_large_file_are_not_read(tmp_path: Path) -> None:
    server = _server(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "large.md").write_text("x" * 5000, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("hemligt", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "secret.txt")
    said: dict[str, str] = {}

    def ask() -> None:
        for name in ("pipe.md", "large.md", "link.md", "secret.txt"):
            said[name] = server.text_of(name)

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    asking.join(timeout=30)
    assert not asking.is_alive(), "the server waits on a pipe"
    assert said == {"pipe.md": "", "large.md": "", "link.md": "", "secret.txt": "hemligt"}
