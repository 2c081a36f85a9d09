// The pitch-pot pad's total (meet/sports/pitch_pot/totals.js) against the known totals the
// Python rules are tested with.
import assert from "node:assert/strict";
import { test } from "node:test";

import { total } from "../../meet/sports/pitch_pot/totals.js";
import { knownAnswers } from "./cases.mjs";

for (const known of knownAnswers("pitch_pot").totals) {
  test(`the total as the server has it: ${known.name}`, () => {
    assert.equal(total(known.marks.arrows, known.rules.points), known.total);
  });
}
