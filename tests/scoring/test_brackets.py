"""Draws: round robins, knockouts with seeds and byes, groups feeding a knockout, corrections, and
the places a knockout gives."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.scoring.brackets import (
    CorrectionRefused,
    Match,
    bracket_places,
    check_correction,
    correct_winner,
    dependent_matches,
    knockout_seeds,
    record_winner,
    reset,
    round_robin,
    single_elimination,
    split_into_groups,
)
from meet.scoring.match_table import MatchResult, group_table


def by_id(matches: list[Match]) -> dict[str, Match]:
    return {match.id: match for match in matches}


def play_out(matches: list[Match], stronger=lambda a, b: min(a, b)) -> None:
    """Play every match in order, the stronger team (by default the lower seed number) winning."""
    for match in matches:
        record_winner(matches, match.id, stronger(match.a, match.b))


def test_a_round_robin_of_five_teams_gives_each_team_one_bye() -> None:
    matches = round_robin(["A", "B", "C", "D", "E"])
    rounds = sorted({m.round for m in matches})
    assert rounds == [1, 2, 3, 4, 5]
    sitting_out = []
    for number in rounds:
        playing = [team for m in matches if m.round == number for team in (m.a, m.b)]
        assert len(playing) == 4 == len(set(playing))
        sitting_out += set("ABCDE") - set(playing)
    assert sorted(sitting_out) == list("ABCDE")
    assert len(matches) == 10


def test_round_robin_match_ids_name_the_group_and_round() -> None:
    matches = round_robin(["A", "B", "C", "D"], group="G")
    assert [m.id for m in matches if m.round == 1] == ["G-R1-1", "G-R1-2"]
    assert {m.group for m in matches} == {"G"}


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 24))
def test_each_round_robin_pair_meets_exactly_once_in_balanced_rounds(count: int) -> None:
    teams = list(range(count))
    matches = round_robin(teams)
    pairs = Counter(frozenset((m.a, m.b)) for m in matches)
    assert set(pairs) == {frozenset(pair) for pair in combinations(teams, 2)}
    assert set(pairs.values()) == {1}
    rounds = count - 1 if count % 2 == 0 else count
    assert {m.round for m in matches} == set(range(1, rounds + 1))
    for number in range(1, rounds + 1):
        playing = [team for m in matches if m.round == number for team in (m.a, m.b)]
        assert len(playing) == len(set(playing)) == count - count % 2
    sides = Counter(m.a for m in matches)
    sides.subtract(Counter(m.b for m in matches))
    assert all(abs(difference) <= 1 for difference in sides.values())


def test_a_knockout_of_six_gives_byes_to_the_top_two_seeds() -> None:
    matches = by_id(single_elimination([1, 2, 3, 4, 5, 6]))
    first_round = [(m.a, m.b) for m in matches.values() if m.round == 1]
    assert first_round == [(4, 5), (3, 6)]
    assert (matches["R2-1"].a, matches["R2-2"].a) == (1, 2)
    assert matches["R1-1"].winner_to.match == "R2-1"
    assert matches["R1-2"].winner_to.match == "R2-2"
    assert [m.id for m in matches.values() if m.round == 3] == ["R3-1"]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 40))
def test_byes_go_to_the_top_seeds_only_in_the_first_round_and_favourites_meet_last(
    count: int,
) -> None:
    matches = single_elimination(list(range(1, count + 1)))
    size = 1 << (count - 1).bit_length()
    rounds = size.bit_length() - 1
    in_first_round = {team for m in matches if m.round == 1 for team in (m.a, m.b)}
    assert sorted(set(range(1, count + 1)) - in_first_round) == list(range(1, size - count + 1))
    assert all(m.a is not None and m.b is not None for m in matches if m.round == 1)
    assert len(matches) == count - 1
    play_out(matches)
    final = [m for m in matches if m.round == rounds]
    assert len(final) == 1 and {final[0].a, final[0].b} == {1, 2}
    if count >= 4:
        semi_finals = [m for m in matches if m.round == rounds - 1]
        assert {team for m in semi_finals for team in (m.a, m.b)} == {1, 2, 3, 4}


def test_the_third_place_match_is_played_by_the_losers_of_the_semi_finals() -> None:
    matches = single_elimination(["A", "B", "C", "D", "E"], third_place=True)
    play_out(matches)
    third = by_id(matches)["3P"]
    assert (third.a, third.b, third.winner) == ("D", "C", "C")


def test_a_third_place_match_needs_four_teams() -> None:
    with pytest.raises(ValueError, match="at least 4"):
        single_elimination(["A", "B", "C"], third_place=True)


@pytest.mark.parametrize("teams", [["A"], ["A", "B", "A"]])
def test_a_draw_needs_two_different_teams(teams: list[str]) -> None:
    with pytest.raises(ValueError):
        single_elimination(teams)
    with pytest.raises(ValueError):
        round_robin(teams)


def test_winners_move_on_and_a_result_can_only_be_recorded_once() -> None:
    matches = single_elimination(["A", "B", "C", "D"])
    record_winner(matches, "R1-1", "D")
    assert by_id(matches)["R2-1"].a == "D"
    with pytest.raises(ValueError, match="already has a winner"):
        record_winner(matches, "R1-1", "A")
    with pytest.raises(ValueError, match="does not have both sides"):
        record_winner(matches, "R2-1", "D")
    with pytest.raises(ValueError, match="does not play"):
        record_winner(matches, "R1-2", "A")


def test_correcting_a_match_whose_winner_played_on_is_refused_with_the_reason() -> None:
    matches = single_elimination(["A", "B", "C", "D"], third_place=True)
    play_out(matches)
    with pytest.raises(CorrectionRefused) as refused:
        check_correction(matches, "R1-1", "D")
    assert refused.value.code == "played_on"
    assert refused.value.blocking == ["R2-1", "3P"]
    assert "'A' won match R1-1 and already played on in R2-1, 3P" in refused.value.message
    with pytest.raises(CorrectionRefused):
        correct_winner(matches, "R1-1", "D")
    assert by_id(matches)["R1-1"].winner == "A"


def test_a_correction_that_keeps_the_winner_is_always_allowed() -> None:
    matches = single_elimination(["A", "B", "C", "D"])
    play_out(matches)
    check_correction(matches, "R1-1", "A")
    assert correct_winner(matches, "R1-1", "A") == []


def test_correcting_before_the_next_match_is_played_sends_on_the_new_winner() -> None:
    matches = single_elimination(["A", "B", "C", "D"], third_place=True)
    record_winner(matches, "R1-1", "A")
    assert (by_id(matches)["R2-1"].a, by_id(matches)["3P"].a) == ("A", "D")
    assert correct_winner(matches, "R1-1", "D") == []
    assert (by_id(matches)["R2-1"].a, by_id(matches)["3P"].a) == ("D", "A")


def test_resetting_the_dependent_matches_lets_the_correction_through() -> None:
    matches = single_elimination(["A", "B", "C", "D"], third_place=True)
    play_out(matches)
    assert [m.id for m in dependent_matches(matches, "R1-1")] == ["R2-1", "3P"]
    assert correct_winner(matches, "R1-1", "D", reset_dependents=True) == ["R2-1", "3P"]
    final, third = by_id(matches)["R2-1"], by_id(matches)["3P"]
    assert (final.a, final.b, final.winner) == ("D", "B", None)
    assert (third.a, third.b, third.winner) == ("A", "C", None)


def test_resetting_matches_takes_the_teams_they_sent_on_out_of_later_matches() -> None:
    matches = single_elimination(list(range(1, 9)))
    play_out(matches)
    assert [m.id for m in dependent_matches(matches, "R1-1")] == ["R2-1", "R3-1"]
    reset(matches, ["R2-1", "R3-1"])
    semi, final = by_id(matches)["R2-1"], by_id(matches)["R3-1"]
    assert (semi.winner, final.a, final.b, final.winner) == (None, None, 2, None)


def test_groups_are_filled_in_snake_order() -> None:
    assert split_into_groups(list(range(1, 10)), 3) == {
        "A": [1, 6, 7],
        "B": [2, 5, 8],
        "C": [3, 4, 9],
    }
    with pytest.raises(ValueError):
        split_into_groups([1, 2, 3], 2)


@pytest.mark.parametrize("group_count", [2, 3, 4])
def test_a_group_stage_feeds_a_knockout_where_group_rivals_meet_only_in_the_final(
    group_count: int,
) -> None:
    teams = list(range(1, 3 * group_count + 1))
    groups = split_into_groups(teams, group_count)
    finishing = {}
    for name, members in groups.items():
        matches = round_robin(members, group=name)
        # The stronger seed always wins 1-0, so each group finishes in seed order.
        results = [MatchResult(m.a, m.b, int(m.a < m.b), int(m.b < m.a)) for m in matches]
        finishing[name] = [row.team for row in group_table(members, results)]
    seeds = knockout_seeds(finishing, per_group=2)
    winners = [order[0] for order in finishing.values()]
    assert seeds[:group_count] == winners
    knockout = single_elimination(seeds)
    group_of = {team: name for name, members in groups.items() for team in members}
    rounds = max(m.round for m in knockout)
    play_out(knockout, stronger=lambda a, b: a if seeds.index(a) < seeds.index(b) else b)
    for match in knockout:
        if match.round < rounds:
            assert group_of[match.a] != group_of[match.b], match


def test_a_played_out_knockout_places_the_final_the_third_place_match_and_earlier_losers() -> None:
    matches = single_elimination(list(range(1, 9)), third_place=True)
    assert [m.id for m in matches if m.third_place] == ["3P"]
    play_out(matches)

    assert bracket_places(matches) == {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 5, 7: 5, 8: 5}


def test_without_a_third_place_match_the_semi_final_losers_share_third() -> None:
    matches = single_elimination(list(range(1, 9)))
    play_out(matches)

    assert bracket_places(matches) == {1: 1, 2: 2, 3: 3, 4: 3, 5: 5, 6: 5, 7: 5, 8: 5}


def test_losers_of_a_first_round_with_byes_come_after_everyone_in_the_next_round() -> None:
    matches = single_elimination([1, 2, 3, 4, 5, 6])
    play_out(matches)

    assert bracket_places(matches) == {1: 1, 2: 2, 3: 3, 4: 3, 5: 5, 6: 5}


def test_only_decided_matches_place_their_teams() -> None:
    matches = single_elimination(list(range(1, 9)), third_place=True)
    for match in [m for m in matches if m.round == 1]:
        record_winner(matches, match.id, min(match.a, match.b))

    assert bracket_places(matches) == {5: 5, 6: 5, 7: 5, 8: 5}
    assert bracket_places([]) == {}


def test_teams_out_in_the_groups_follow_by_group_place_once_the_first_round_is_drawn() -> None:
    groups = {"A1": 1, "A2": 2, "A3": 3, "B1": 1, "B2": 2, "B3": 3, "B4": 4}
    matches = single_elimination(["A1", "B1", "B2", "A2"])

    assert bracket_places(matches, groups) == {"A3": 5, "B3": 5, "B4": 7}
    matches[0].b = None  # a first-round side still to be decided
    assert bracket_places(matches, groups) == {}
