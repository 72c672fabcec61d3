"""Which files are read from disk, and in which order: git's (by path), so that a revision
read from the working tree is built as the same revision read from git."""

from __future__ import annotations

import subprocess
from pathlib import Path

from omrade.repo.discover import discover
from omrade.repo.git import list_tree, open_git, resolve


def _write(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("kind: district\n", encoding="utf-8")


def test_files_come_in_gits_order_where_a_folder_walk_would_differ(tmp_path: Path) -> None:
    # a folder walk gives data/municipality.yaml before data/districts/…, and data/a/…
    # after data/a-b.yaml; git orders by the whole path
    names = [
        "data/municipality.yaml",
        "data/districts/norr.yaml",
        "data/districts/söder.yaml",
        "data/a-b.yaml",
        "data/a/b.yaml",
        "data/a.yaml",
        "data/Z.yaml",
        "data/programmes/x-2024/plan-2025.yaml",
        "data/programmes/x-2024.yaml",
        "data/programmes/x/programme.yml",
    ]
    _write(tmp_path, names)
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(tmp_path),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "x",
        ],
        check=True,
    )
    view = open_git(tmp_path)
    in_git = [e.path for e in list_tree(view, resolve(view, "main"))]
    paths, problems = discover(tmp_path)
    assert problems == []
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == in_git
    assert sorted(in_git) == in_git and len(in_git) == len(names)


def test_nested_folders_deeper_than_pythons_recursion_limit_are_walked(tmp_path: Path) -> None:
    deep = tmp_path / "data"
    deep.mkdir()
    for _ in range(1100):
        deep = deep / "d"
        deep.mkdir()
    (deep / "x.yaml").write_text("kind: district\n", encoding="utf-8")
    try:
        paths, problems = discover(tmp_path)
        assert paths == [deep / "x.yaml"] and problems == []
    finally:  # (shutil.rmtree, which cleans pytest's folders, recurses as deep as they go)
        (deep / "x.yaml").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent
