"""Shared fixtures for the unit tests of helpers/."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    """The repository's top folder."""
    return ROOT


@pytest.fixture
def quick(monkeypatch):
    """Switch quick mode on for one test."""
    monkeypatch.setenv("NNBOOK_QUICK", "1")


@pytest.fixture
def full(monkeypatch):
    """Switch quick mode off for one test."""
    monkeypatch.delenv("NNBOOK_QUICK", raising=False)
