"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from helpers import Stages, bench_module, generated_families
from postgres_server import server

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


@pytest.fixture(scope="session")
def wire_copy_6k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated wire copy (``benchmarks/wire.py``, 6,000 paragraphs, seed 5) large
    enough for outlets to show their habits and their order, with its truth."""
    out = tmp_path_factory.mktemp("wire") / "wire-6k"
    bench_module("wire").generate(out, paragraphs=6000, seed=5)
    return out


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server on loopback for the session (``tests/postgres_server.py``)."""
    with server() as address:
        yield address


@pytest.fixture
def archive_address(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Fresh archive addresses of the backend the test is parametrised with
    (``indirect``: ``"sqlite"``, a file; ``"postgresql"``, a new database), each call
    a new one; the databases are dropped afterwards."""
    backend = getattr(request, "param", "sqlite")
    made: list[str] = []

    def fresh() -> str:
        if backend == "sqlite":
            made.append(str(tmp_path / f"archive-{len(made)}.db"))
            return made[-1]
        base = request.getfixturevalue("postgres_server")
        name = f"archive_{os.getpid()}_{len(made)}_{abs(hash(request.node.nodeid)) % 10**8}"
        with psycopg.connect(base, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return base.rsplit("/", 1)[0] + f"/{name}"

    yield fresh
    if backend == "postgresql" and made:
        base = request.getfixturevalue("postgres_server")
        with psycopg.connect(base, autocommit=True) as db:
            for name in made:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
