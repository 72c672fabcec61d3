"""Help reads whole: no command's summary in a listing is cut off ('e.g...', 'and...')."""

from __future__ import annotations

import pytest

from omrade.cli import app

GROUPS = [[], ["new"], ["export"], ["import"], ["cache"]]


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: " ".join(g) or "omrade")
def test_no_command_summary_is_cut_off(runner, group: list[str]) -> None:
    result = runner.invoke(app, [*group, "--help"], env={"COLUMNS": "88"})
    assert result.exit_code == 0, result.output
    listing = result.stdout.split("Commands:", 1)[1]
    cut = [line for line in listing.splitlines() if line.rstrip().endswith("...")]
    assert cut == []
