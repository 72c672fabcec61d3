"""Writing commands: the scaffolds of `omrade init` and `omrade new`."""
