"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest
from helpers import Stages, generated_families

import provenance


@pytest.fixture(scope="session")
def seed_report() -> provenance.Report:
    return provenance.analyze(provenance.example_path())


@pytest.fixture(scope="session")
def generated_seed5(tmp_path_factory: pytest.TempPathFactory) -> Stages:
    """Segmentation and families of a generated corpus of 1,500 paragraphs (seed 5)."""
    return generated_families(tmp_path_factory.mktemp("generated-seed5"), paragraphs=1500, seed=5)


@pytest.fixture(scope="session")
def generated_seed11(tmp_path_factory: pytest.TempPathFactory) -> Stages:
    """Segmentation and families of a generated corpus of 1,500 paragraphs (seed 11)."""
    return generated_families(tmp_path_factory.mktemp("generated-seed11"), paragraphs=1500, seed=11)
