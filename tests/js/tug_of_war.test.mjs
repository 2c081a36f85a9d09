// The tug-of-war pad's tally and winner (meet/sports/tug_of_war/majority.js) against the known
// matches the Python rules are tested with.
import assert from "node:assert/strict";
import { test } from "node:test";

import { majority, tally, winner } from "../../meet/sports/tug_of_war/majority.js";
import { knownAnswers } from "./cases.mjs";

const cases = knownAnswers("tug_of_war");

// The pad sends pulls only once a side has won, and offers no pull after that.
function padRefuses(pulls, bestOf) {
  const wonBefore = pulls.some((_, i) => winner(pulls.slice(0, i), bestOf) !== null);
  return wonBefore || winner(pulls, bestOf) === null;
}

for (const match of cases.matches) {
  test(`the winner as the server has it: ${match.name}`, () => {
    const [a, b] = match.score;
    assert.deepEqual(tally(match.pulls), { a, b });
    assert.equal(winner(match.pulls, match.rules.pulls), match.winner);
    assert.ok(!padRefuses(match.pulls, match.rules.pulls));
  });
}

for (const match of cases.refused) {
  // The pad's buttons name only the two sides; it cannot make a pull for a third.
  const skip = match.code === "bad_side" && "the pad offers only sides a and b";
  test(`the pad does not send what the server refuses: ${match.name}`, { skip }, () => {
    assert.ok(padRefuses(match.pulls, match.rules.pulls));
  });
}

test("most of an odd number of pulls", () => {
  assert.deepEqual([1, 3, 5, 7, 9].map(majority), [1, 2, 3, 4, 5]);
});
