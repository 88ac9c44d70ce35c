"""Fixtures shared by the syndication tests."""

from __future__ import annotations

import pytest

from wardnews.templating import Templates


@pytest.fixture
def templates() -> Templates:
    """The shipped templates, a fresh environment per test."""
    return Templates()
