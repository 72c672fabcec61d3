"""Renderers and the site, in real clients."""
