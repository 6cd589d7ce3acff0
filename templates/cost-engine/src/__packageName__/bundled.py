"""Access to the sample data and price table shipped inside the package."""

from __future__ import annotations

from importlib import resources


def read_bundled(name: str) -> str:
    """Text of ``data/<name>`` from the installed package (works from a wheel too)."""
    return (resources.files(__package__ or __name__) / "data" / name).read_text(encoding="utf-8")
