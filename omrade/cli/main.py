"""The whole command line: every command module imported onto the shared app.

The order of the imports is the order of ``omrade --help`` and of the CLI reference
(docs/cli.md), so it is kept by hand.
"""

from __future__ import annotations

# isort: off
# importing a command module registers its commands on the shared app
import omrade.cli.validate
import omrade.cli.rules
import omrade.cli.allocate
import omrade.cli.report
import omrade.cli.status
import omrade.cli.schema
import omrade.cli.lsp
import omrade.cli.diff
import omrade.cli.new
import omrade.cli.cache
import omrade.cli.exchange  # noqa: F401

# isort: on
from omrade.cli.options import app

__all__ = ["app"]
