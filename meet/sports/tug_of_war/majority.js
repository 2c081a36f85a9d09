// Who has won a tug-of-war match so far, as meet/sports/tug_of_war/rules.py decides it: the first
// side to win most of the event's odd number of pulls.

export function majority(bestOf) {
  return Math.floor(bestOf / 2) + 1;
}

export function tally(pulls) {
  return {
    a: pulls.filter((side) => side === "a").length,
    b: pulls.filter((side) => side === "b").length,
  };
}

// "a" or "b" once a side has won most pulls, otherwise null.
export function winner(pulls, bestOf) {
  const won = tally(pulls);
  const needed = majority(bestOf);
  return won.a >= needed ? "a" : won.b >= needed ? "b" : null;
}
