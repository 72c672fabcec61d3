"""Reading many blobs through one ``git cat-file --batch``: a large repository's base
revision is thousands of blobs, more than the pipes between omrade and git hold."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from omrade.repo.git import open_git, read_blobs


def _blobs(root: Path, count: int) -> dict[str, bytes]:
    """``count`` distinct blobs written into the repository's object store: id → bytes."""
    folder = root / "many"
    folder.mkdir()
    contents = {}
    for i in range(count):
        path = folder / f"{i:05}.yaml"
        data = f"kind: plan\nnote: blob {i} {'x' * 200}\n".encode()
        path.write_bytes(data)
        contents[path] = data
    ids = subprocess.run(
        ["git", "hash-object", "-w", "--stdin-paths"],
        cwd=root,
        input="\n".join(str(p) for p in contents),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return dict(zip(ids, contents.values(), strict=True))


def test_thousands_of_blobs_are_read_without_waiting_on_a_full_pipe(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    expected = _blobs(tmp_path, 6000)  # ids alone: 246 kB, answers 1.4 MB; a pipe holds 64 kB
    view = open_git(tmp_path)
    got: dict[str, bytes] = {}
    reader = threading.Thread(target=lambda: got.update(read_blobs(view, list(expected))))
    reader.daemon = True
    reader.start()
    reader.join(timeout=120)
    assert not reader.is_alive(), "read_blobs still waiting after 2 minutes (a full pipe)"
    assert got == expected
