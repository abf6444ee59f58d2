"""The library type-checks strictly and lints clean (mypy and ruff are test dependencies)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_mypy_strict_passes() -> None:
    result = _run("mypy", "--strict", "provenance")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_passes() -> None:
    result = _run("ruff", "check", "provenance", "tests")
    assert result.returncode == 0, result.stdout + result.stderr
