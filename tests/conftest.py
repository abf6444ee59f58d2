"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

import provenance


@pytest.fixture(scope="session")
def seed_report() -> provenance.Report:
    return provenance.analyze(provenance.example_path())
