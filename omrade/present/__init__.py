"""Renderers: diagnostics, allocation, diff, rules and the site."""
