// The bowling pad's score sheet (meet/sports/bowling/frames.js) against the known games the
// Python rules are tested with, and the pins it lets the referee tap next.
import assert from "node:assert/strict";
import { test } from "node:test";

import { frameScores, pinsLeft, rack } from "../../meet/sports/bowling/frames.js";
import { knownAnswers } from "./cases.mjs";

const cases = knownAnswers("bowling");

for (const game of cases.games) {
  test(`the sheet as the server has it: ${game.name}`, () => {
    const sheet = frameScores(game.rolls, game.rules.frames);
    assert.deepEqual(sheet.map((frame) => frame.rolls), game.sheet);
    assert.deepEqual(sheet.map((frame) => frame.total), game.totals);
    assert.equal(pinsLeft(game.rolls, game.rules.frames) === -1, game.score !== null);
  });
}

for (const game of cases.impossible) {
  test(`the pad refuses a roll of an impossible game: ${game.name}`, () => {
    const refused = game.rolls.some(
      (pins, i) => pins > pinsLeft(game.rolls.slice(0, i), game.rules.frames),
    );
    assert.ok(refused);
  });
}

test("a new frame faces ten pins, a second ball the pins left standing", () => {
  assert.equal(pinsLeft([], 10), 10);
  assert.equal(pinsLeft([7], 10), 3);
  assert.equal(pinsLeft([7, 3], 10), 10);
  assert.equal(pinsLeft([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 7], 10), 3);
  assert.equal(pinsLeft([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10], 10), 10);
});

test("a frame's balls are marked as a paper sheet marks them", () => {
  assert.deepEqual(rack([10]), { marks: "X", standing: 10 });
  assert.deepEqual(rack([7, 3]), { marks: "7 /", standing: 10 });
  assert.deepEqual(rack([0, 8]), { marks: "- 8", standing: 2 });
  assert.deepEqual(rack([10, 10, 10]), { marks: "X X X", standing: 10 });
  assert.deepEqual(rack([10, 7]), { marks: "X 7", standing: 3 });
});
