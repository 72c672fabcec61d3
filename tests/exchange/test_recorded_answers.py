"""The recorded PxWebApi 2.0 answers the statistics tests serve are JSON-stat 2.0 as a
checker that knows nothing of omrade reads it: PyPI's ``jsonstat-validator`` (the JSON-stat
2.0 standard as pydantic models: ``version``, ``class``, ``id`` and ``size`` agreeing with
the dimensions and their categories, ``value`` as long as the cube). So omrade's import is
tested against answers in the standard's format, not in a format only omrade reads."""

from __future__ import annotations

import json

import pytest
from jsonstat_validator import JSONStatValidationError, validate_jsonstat

from tests.conftest import FIXTURES

RECORDED = FIXTURES / "recorded"
JSONSTAT = sorted(RECORDED.glob("scb-v2-*.json"))


def test_there_are_recorded_pxwebapi_2_answers() -> None:
    assert len(JSONSTAT) >= 3


@pytest.mark.parametrize("path", JSONSTAT, ids=lambda p: p.name)
def test_each_recorded_answer_is_json_stat_2(path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == "2.0" and doc["class"] == "dataset"
    assert validate_jsonstat(doc) is True


def test_the_checker_refuses_a_cube_whose_size_is_wrong() -> None:
    """The check above is a real one: one category too many in ``size`` is refused."""
    doc = json.loads(JSONSTAT[0].read_text(encoding="utf-8"))
    doc["size"][0] += 1
    with pytest.raises(JSONStatValidationError, match="size"):
        validate_jsonstat(doc)
