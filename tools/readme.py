"""Regenerate the generated parts of README.md (``make docs``): the rule catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from omrade.present.rules import rule_catalogue

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def update(path: Path) -> bool:
    """Rewrite the block between the markers; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    block = f"{START}\n{rule_catalogue('md')}{END}"
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    changed = update(Path(__file__).resolve().parent.parent / "README.md")
    print("README.md updated" if changed else "README.md already up to date")
