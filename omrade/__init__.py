"""omrade — Swedish municipal area development (områdesutveckling) from a git repository."""

__version__ = "0.1.0"
