"""Bundled example files (read with importlib.resources)."""
