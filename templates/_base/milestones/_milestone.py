"""What every acceptance check uses: one clear line when a milestone is not done yet."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest


def not_done(number: int, missing: str) -> None:
    """Fail the check with a line that says which milestone and what is missing."""
    pytest.fail(f"milestone {number} not done: {missing}", pytrace=False)


def module_or_none(name: str) -> ModuleType | None:
    """The module if the team has written it, None while it does not exist yet."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None
