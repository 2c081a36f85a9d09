"""The one model of a draw for match sports: round robins (circle method), single elimination
with seeds, byes and an optional third-place match, a group stage feeding a knockout, recording
and correcting knockout results so that a team never plays on from a match it did not win, and
the places a knockout gives.

Words: a *seed* is a team's place in the draw (seed 1 is the strongest); a *bye* lets a seed skip
the first round; a *slot* is one side of a later match, filled by the winner (or, for the
third-place match, the loser) of an earlier one. The final is the knockout's last round; the
third-place match is played beside it by the semi-final losers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from string import ascii_uppercase

from meet.scoring.base import Side, Team
from meet.scoring.ranking import shared_by_position

SIDES: tuple[Side, Side] = ("a", "b")
# A match as the caller names it: "R1-1" in the draws made here, a database id in the app.
MatchId = Hashable


@dataclass(frozen=True, slots=True)
class Slot:
    match: MatchId
    side: Side


@dataclass(slots=True)
class Match:
    """A match of a draw. A side is None until the earlier match feeding it is decided; the
    winner is None until the match is decided."""

    id: MatchId
    round: int
    a: Team | None = None
    b: Team | None = None
    winner: Team | None = None
    group: str | None = None
    winner_to: Slot | None = None
    loser_to: Slot | None = None
    third_place: bool = False

    @property
    def loser(self) -> Team | None:
        if self.winner is None:
            return None
        return self.b if self.winner == self.a else self.a


class CorrectionRefused(ValueError):
    """Changing a result would change later matches that were already played."""

    def __init__(self, code: str, message: str, blocking: list[MatchId]) -> None:
        self.code = code
        self.message = message
        self.blocking = blocking
        super().__init__(message)


def round_robin(teams: Sequence[Team], group: str | None = None) -> list[Match]:
    """Every pair of teams once, in len(teams) - 1 rounds (len(teams) with an odd count, when each
    round one team has a bye), by the circle method: the first team stays put while the others
    rotate one place a round. Match ids are "R<round>-<n>", prefixed by "<group>-" in a group."""
    _require_distinct(teams, 2)
    # A None in the circle is the bye: whoever draws it sits the round out.
    circle: list[Team | None] = [*teams, None] if len(teams) % 2 else list(teams)
    half = len(circle) // 2
    prefix = f"{group}-" if group else ""
    matches = []
    for number in range(1, len(circle)):
        pairs = [(circle[i], circle[-1 - i]) for i in range(half)]
        # The fixed team would otherwise always be side a; alternate it so sides even out.
        if number % 2 == 0:
            pairs[0] = pairs[0][::-1]
        played = [(a, b) for a, b in pairs if a is not None and b is not None]
        matches += [
            Match(f"{prefix}R{number}-{n}", number, a, b, group=group)
            for n, (a, b) in enumerate(played, 1)
        ]
        circle = [circle[0], circle[-1], *circle[1:-1]]
    return matches


def single_elimination(seeds: Sequence[Team], third_place: bool = False) -> list[Match]:
    """A knockout draw for teams listed best seed first. The draw is the next power of two; the
    places left over are byes, which go to the top seeds and only skip the first round. Seeds sit
    in the standard positions (1 and 2 can meet only in the final, 1 to 4 only in the
    semi-finals). Match ids are "R<round>-<n>", and "3P" for the third-place match, which the
    losers of the semi-finals play."""
    _require_distinct(seeds, 2)
    if third_place and len(seeds) < 4:
        raise ValueError("a third-place match needs at least 4 teams")
    size = 1 << (len(seeds) - 1).bit_length()
    rounds = size.bit_length() - 1
    # Each position of the draw holds a team or a match whose winner comes from the round before.
    field: list[Team | Match | None] = [
        seeds[seed - 1] if seed <= len(seeds) else None for seed in _seed_positions(size)
    ]
    matches: list[Match] = []
    for number in range(1, rounds + 1):
        next_field: list[Team | Match | None] = []
        n = 0
        for side_a, side_b in zip(field[::2], field[1::2], strict=True):
            if side_b is None:  # a bye: the seed goes straight to the next round
                next_field.append(side_a)
                continue
            n += 1
            match = Match(f"R{number}-{n}", number)
            for side, feeder in zip(SIDES, (side_a, side_b), strict=True):
                if isinstance(feeder, Match):
                    feeder.winner_to = Slot(match.id, side)
                else:
                    setattr(match, side, feeder)
            matches.append(match)
            next_field.append(match)
        field = next_field
    if third_place:
        semi_finals = [m for m in matches if m.round == rounds - 1]
        for semi_final, side in zip(semi_finals, SIDES, strict=True):
            semi_final.loser_to = Slot("3P", side)
        matches.append(Match("3P", rounds, third_place=True))
    return matches


def _seed_positions(size: int) -> list[int]:
    """Seed numbers in draw order: each seed s of a draw half as big meets size + 1 - s first."""
    positions = [1]
    while len(positions) < size:
        total = 2 * len(positions) + 1
        positions = [seed for top in positions for seed in (top, total - top)]
    return positions


def split_into_groups(seeds: Sequence[Team], group_count: int) -> dict[str, list[Team]]:
    """Groups "A", "B", ... filled in snake order (A B C C B A ...) so that each gets a fair share
    of strong and weak seeds."""
    _require_distinct(seeds, 2)
    if not 1 <= group_count <= min(len(ascii_uppercase), len(seeds) // 2):
        raise ValueError("each group needs at least two teams")
    names = ascii_uppercase[:group_count]
    groups: dict[str, list[Team]] = {name: [] for name in names}
    for index, team in enumerate(seeds):
        lap, place = divmod(index, group_count)
        groups[names[place if lap % 2 == 0 else group_count - 1 - place]].append(team)
    return groups


def knockout_seeds(finishing_orders: Mapping[str, Sequence[Team]], per_group: int) -> list[Team]:
    """Seeds for the knockout from the top `per_group` of each group's finishing order: group
    winners take the first seeds (in group order), then the runners-up, and so on. Within each of
    these tiers a team takes the free seed that keeps it longest away from the teams of its own
    group, so that group rivals meet again as late as the draw allows."""
    if per_group < 1 or any(len(order) < per_group for order in finishing_orders.values()):
        raise ValueError(f"every group needs at least {per_group} teams")
    groups = list(finishing_orders)
    size = 1 << (len(groups) * per_group - 1).bit_length()
    position = {seed: index for index, seed in enumerate(_seed_positions(size))}

    def farthest_from(rivals: list[int]) -> Callable[[int], int]:
        # Positions that differ only in their lowest k bits share a sub-draw of 2**k teams, so
        # two seeds can first meet in round (position xor position).bit_length().
        return lambda seed: min(
            ((position[seed] ^ position[rival]).bit_length() for rival in rivals), default=0
        )

    seed_of: dict[Team, int] = {}
    for tier in range(per_group):
        free = list(range(tier * len(groups) + 1, (tier + 1) * len(groups) + 1))
        for group in groups:
            rivals = [seed_of[team] for team in finishing_orders[group][:tier]]
            seed = max(free, key=farthest_from(rivals))
            free.remove(seed)
            seed_of[finishing_orders[group][tier]] = seed
    return sorted(seed_of, key=seed_of.__getitem__)


def record_winner(matches: Sequence[Match], match_id: MatchId, winner: Team) -> None:
    """Record the winner of a match that has both sides and no result yet, and send the winner
    (and, towards a third-place match, the loser) on to the next match."""
    by_id = _index(matches)
    match = by_id[match_id]
    if match.winner is not None:
        raise ValueError(f"match {match_id} already has a winner; correct it instead")
    _check_winner(match, winner)
    match.winner = winner
    _send_on(by_id, match)


def dependent_matches(matches: Sequence[Match], match_id: MatchId) -> list[Match]:
    """The later matches already played that the result of `match_id` reached: the ones its
    winner or loser played, and, through their results, the ones after those; by round, then in
    the order of `matches`."""
    by_id = _index(matches)
    found: list[Match] = []
    pending = [by_id[match_id]]
    while pending:
        match = pending.pop()
        for slot in (match.winner_to, match.loser_to):
            later = by_id[slot.match] if slot else None
            if later is not None and later.winner is not None and later not in found:
                found.append(later)
                pending.append(later)
    draw_order = {match.id: index for index, match in enumerate(matches)}
    return sorted(found, key=lambda m: (m.round, draw_order[m.id]))


def check_correction(matches: Sequence[Match], match_id: MatchId, winner: Team) -> None:
    """Raise CorrectionRefused if making `winner` the winner of the finished match `match_id`
    would change later matches already played. A correction that keeps the winner (a fixed
    score) is always allowed."""
    match = _index(matches)[match_id]
    if match.winner is None:
        raise ValueError(f"match {match_id} has no result to correct")
    _check_winner(match, winner)
    if winner == match.winner:
        return
    blocking = [m.id for m in dependent_matches(matches, match_id)]
    if blocking:
        raise CorrectionRefused(
            "played_on",
            f"{match.winner!r} won match {match_id} and already played on in "
            f"{', '.join(map(str, blocking))}; reset those matches to change the winner.",
            blocking,
        )


def reset(matches: Sequence[Match], match_ids: Sequence[MatchId]) -> None:
    """Undo the results of matches: clear their winners and take the teams they sent on out of
    the later matches. Latest matches are undone first, so nothing sent on is left behind."""
    by_id = _index(matches)
    for match in sorted((by_id[i] for i in match_ids), key=lambda m: m.round, reverse=True):
        _take_back(by_id, match)
        match.winner = None


def correct_winner(
    matches: Sequence[Match], match_id: MatchId, winner: Team, *, reset_dependents: bool = False
) -> list[MatchId]:
    """Make `winner` the winner of a finished match. Refused with CorrectionRefused when later
    matches already played depend on it, unless `reset_dependents`: then those are reset first
    (their results must be entered again) and their ids are returned."""
    by_id = _index(matches)
    match = by_id[match_id]
    dependents: list[MatchId] = []
    try:
        check_correction(matches, match_id, winner)
    except CorrectionRefused as refused:
        if not reset_dependents:
            raise
        dependents = refused.blocking
        reset(matches, dependents)
    if winner != match.winner:
        _take_back(by_id, match)
        match.winner = winner
        _send_on(by_id, match)
    return dependents


def bracket_places(
    matches: Sequence[Match], group_places: Mapping[Team, int] | None = None
) -> dict[Team, int]:
    """The places a knockout gives so far: the final's winner 1 and loser 2, the third-place
    match 3 and 4 (without one, both semi-final losers share 3), and the losers of an earlier
    round share the place after everyone still in the next round (quarter-final losers 5). Teams
    of `group_places` (team: place in its group) that play no knockout match follow the bracket's
    teams, sharing places by group position, once the first round is drawn in full. A team whose
    place is not settled yet has none."""
    knockout = [m for m in matches if not m.third_place]
    if not knockout:
        return {}
    third = next((m for m in matches if m.third_place), None)
    last_round = max(m.round for m in knockout)
    per_round = Counter(m.round for m in knockout)
    places: dict[Team, int] = {}
    for m in knockout:
        if m.winner is None:
            continue
        if m.round == last_round:
            places[m.winner], places[m.loser] = 1, 2
        elif third is None or m.round != last_round - 1:
            # Everyone still in the next round finishes ahead of this round's losers.
            places[m.loser] = 2 * per_round[m.round + 1] + 1
    if third is not None and third.winner is not None:
        places[third.winner], places[third.loser] = 3, 4

    field = {side for m in matches for side in (m.a, m.b) if side is not None}
    first_round = min(m.round for m in knockout)
    drawn = all(m.a is not None and m.b is not None for m in knockout if m.round == first_round)
    if drawn and group_places:
        out_in_groups = {team: place for team, place in group_places.items() if team not in field}
        for team, rank in shared_by_position(out_in_groups).items():
            places[team] = len(field) + rank
    return places


def _index(matches: Sequence[Match]) -> dict[MatchId, Match]:
    return {match.id: match for match in matches}


def _require_distinct(teams: Sequence[Team], minimum: int) -> None:
    if len(teams) < minimum:
        raise ValueError(f"a draw needs at least {minimum} teams")
    if len(set(teams)) != len(teams):
        raise ValueError("a team appears twice")


def _check_winner(match: Match, winner: Team) -> None:
    if match.a is None or match.b is None:
        raise ValueError(f"match {match.id} does not have both sides yet")
    if winner not in (match.a, match.b):
        raise ValueError(f"{winner!r} does not play in match {match.id}")


def _send_on(by_id: dict[MatchId, Match], match: Match) -> None:
    for slot, team in ((match.winner_to, match.winner), (match.loser_to, match.loser)):
        if slot is not None:
            setattr(by_id[slot.match], slot.side, team)


def _take_back(by_id: dict[MatchId, Match], match: Match) -> None:
    for slot in (match.winner_to, match.loser_to):
        if slot is not None:
            setattr(by_id[slot.match], slot.side, None)
