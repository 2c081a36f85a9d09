// Ten-pin score sheets as meet/sports/bowling/rules.py `frame_scores` computes them, for the pad
// to fill in as the referee taps; the server checks the finished game again.

const PINS = 10;

function sum(rolls) {
  return rolls.reduce((total, pins) => total + pins, 0);
}

// The balls the last frame needs: a third one after a strike or a spare.
function lastFrameLength(frame) {
  return frame.length >= 2 && frame[0] + frame[1] >= PINS ? 3 : 2;
}

// One {rolls, total} per frame started; `total` is the running score, null while this frame's
// or an earlier frame's strike or spare bonus is still to be bowled.
export function frameScores(rolls, frames) {
  const sheet = [];
  let start = 0;
  let total = 0;
  for (let number = 1; number <= frames && start < rolls.length; number += 1) {
    let frame;
    let frameTotal = null;
    if (number === frames) {
      // The last frame's bonus balls belong to it, so its score is just its pins.
      frame = rolls.slice(start, start + 3);
      frameTotal = frame.length === lastFrameLength(frame) ? sum(frame) : null;
    } else {
      frame = rolls[start] === PINS ? [PINS] : rolls.slice(start, start + 2);
      const bonus = frame[0] === PINS ? 2 : frame.length === 2 && sum(frame) === PINS ? 1 : 0;
      const following = rolls.slice(start + frame.length, start + frame.length + bonus);
      if ((frame.length === 2 || frame[0] === PINS) && following.length === bonus) {
        frameTotal = sum(frame) + sum(following);
      }
    }
    total = total !== null && frameTotal !== null ? total + frameTotal : null;
    sheet.push({ rolls: frame, total });
    start += frame.length;
  }
  return sheet;
}

// The marks of a frame's balls (X strike, / spare, - nothing) and the pins left standing.
export function rack(frameRolls) {
  let standing = PINS;
  let fresh = true;
  const marks = frameRolls.map((pins) => {
    const mark = pins === standing ? (fresh ? "X" : "/") : pins === 0 ? "-" : String(pins);
    standing -= pins;
    fresh = false;
    if (standing === 0) {
      standing = PINS;
      fresh = true;
    }
    return mark;
  });
  return { marks: marks.join(" "), standing };
}

// The most pins the next roll can knock down, or -1 when the game is over.
export function pinsLeft(rolls, frames) {
  const sheet = frameScores(rolls, frames);
  if (!sheet.length) {
    return PINS;
  }
  const last = sheet[sheet.length - 1].rolls;
  if (sheet.length < frames) {
    return last[0] === PINS || last.length === 2 ? PINS : PINS - last[0];
  }
  return last.length === lastFrameLength(last) ? -1 : rack(last).standing;
}
