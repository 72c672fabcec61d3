from omrade.entry import cli

cli()
