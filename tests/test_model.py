"""Tests of provenance.model's configs: every option of the wrong type or out of its
range is a ConfigError naming it, never a TypeError from deep inside a stage."""

from __future__ import annotations

from typing import Any

import pytest

import provenance
from provenance.errors import ConfigError
from provenance.model import Config, SegmentConfig

BAD_OPTIONS: list[tuple[dict[str, Any], str]] = [
    ({"shingle_size": "3"}, "shingle_size must be a positive integer"),
    ({"shingle_size": 2.5}, "shingle_size must be a positive integer"),
    ({"shingle_size": True}, "shingle_size must be a positive integer"),
    ({"min_run": 0}, "min_run must be a positive integer"),
    ({"clause_gap": -1}, "clause_gap must be a non-negative integer"),
    ({"clause_gap": None}, "clause_gap must be a non-negative integer"),
    ({"min_sentence_coverage": "0.7"}, "min_sentence_coverage must be a number in [0, 1]"),
    ({"min_sentence_coverage": float("nan")}, "min_sentence_coverage must be a number in"),
    ({"min_sentence_coverage": 1.5}, "min_sentence_coverage must be a number in"),
    ({"seed": -1}, "seed must be an integer from 0 to 2**32 - 1"),
    ({"seed": 2**32}, "seed must be an integer from 0 to 2**32 - 1"),
    ({"seed": "1"}, "seed must be an integer"),
    ({"aliases": ["AFP"]}, "aliases must map outlet names to lists of names"),
    ({"aliases": {"Agence France-Presse": "AFP"}}, "aliases must map"),
    ({"aliases": {"Agence France-Presse": [1]}}, "aliases must map"),
    ({"builtin_aliases": "no"}, "builtin_aliases must be True or False"),
]


@pytest.mark.parametrize(("options", "message"), BAD_OPTIONS)
def test_a_bad_option_is_a_config_error_naming_it(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        Config.from_options(**options)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_a_stage_config_of_the_wrong_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="sketch must be a SketchConfig"):
        Config(sketch=SegmentConfig())  # type: ignore[arg-type]


def test_good_options_of_numpy_types_are_accepted() -> None:
    import numpy as np

    config = Config.from_options(shingle_size=np.int64(4), min_sentence_coverage=np.float32(0.5))
    assert config.sketch.shingle_size == 4 and config.align.min_sentence_coverage == 0.5


@pytest.mark.parametrize("workers", [-3, 257, 10**20, "2", 1.5, True, None])
def test_analyze_refuses_a_bad_number_of_workers_before_any_work(workers: Any) -> None:
    with pytest.raises(ConfigError, match="workers must be an integer from 0"):
        provenance.analyze(provenance.example_path(), workers=workers)


def test_analyze_refuses_a_progress_that_is_not_a_flag() -> None:
    with pytest.raises(ConfigError, match="progress must be True, False or None"):
        provenance.analyze(provenance.example_path(), progress="yes")  # type: ignore[arg-type]
