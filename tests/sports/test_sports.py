"""What every sport promises: its CONTRACT key, its own defaults, kept extra rule keys, and pure
rules (the sports' rules.py and the scoring package) that run without the web framework or the
database."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from meet.scoring.base import MatchSport, MeasuredSport, RulesError
from meet.sports.registry import SPORTS, get_sport

CONTRACT_SPORTS = {"plank", "pitch_pot", "bowling", "tug_of_war", "frisbee_football", "custom"}
PACKAGE = Path(__file__).resolve().parents[2] / "meet"
PURE_MODULES = sorted(
    [*(PACKAGE / "scoring").glob("*.py"), *(PACKAGE / "sports").glob("*/rules.py")]
)


def test_every_sport_of_the_contract_is_registered_under_its_key() -> None:
    assert set(SPORTS) >= CONTRACT_SPORTS
    assert all(get_sport(key).key == key for key in CONTRACT_SPORTS)


def test_an_unknown_sport_is_a_key_error_that_names_it() -> None:
    with pytest.raises(KeyError, match="curling"):
        get_sport("curling")


@pytest.mark.parametrize("key", sorted(SPORTS))
def test_every_sport_accepts_its_own_default_rules_unchanged(key: str) -> None:
    sport = get_sport(key)
    assert sport.validate_rules(sport.default_rules()) == sport.default_rules()
    assert sport.validate_rules({}) == sport.default_rules()


@pytest.mark.parametrize("key", sorted(SPORTS))
def test_rule_keys_a_sport_does_not_know_are_kept(key: str) -> None:
    assert get_sport(key).validate_rules({"note": "bring water"})["note"] == "bring water"


@pytest.mark.parametrize("key", sorted(SPORTS))
def test_rules_that_are_not_an_object_are_refused(key: str) -> None:
    with pytest.raises(RulesError) as error:
        get_sport(key).validate_rules(["frames", 10])  # type: ignore[arg-type]
    assert error.value.problems["rules"].code == "not_an_object"


def test_match_sports_are_played_as_matches_and_the_others_ranked_by_value() -> None:
    kinds = {key: isinstance(desk.sport, MatchSport) for key, desk in SPORTS.items()}
    assert {key for key, is_match in kinds.items() if is_match} == {
        "tug_of_war",
        "frisbee_football",
    }
    measured = [desk.sport for key, desk in SPORTS.items() if not kinds[key]]
    assert all(isinstance(sport, MeasuredSport) for sport in measured)
    assert {SPORTS[key].sport.kind for key in kinds if kinds[key]} == {"match"}


def test_pure_rules_import_only_the_standard_library_and_scoring() -> None:
    assert len(PURE_MODULES) > len(CONTRACT_SPORTS)
    for module in PURE_MODULES:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert (
                    name.startswith("meet.scoring")
                    or top in sys.stdlib_module_names
                    or (top == "__future__")
                ), f"{module.name} imports {name}"
