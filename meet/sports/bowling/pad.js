// The bowling pad: one tap per roll with the pins knocked down (pins no longer standing are
// greyed out), and the frame-by-frame score sheet filling in as a paper one would.
import { frameScores, pinsLeft, rack } from "./frames.js";

export function createPad(host) {
  const { frames } = host.rules;
  const rollCells = Array.from(host.body.querySelectorAll("#bw-sheet .bw-rolls td"));
  const totalCells = Array.from(host.body.querySelectorAll("#bw-sheet .bw-totals td"));
  let rolls = [];

  function render() {
    const sheet = frameScores(rolls, frames);
    rollCells.forEach((cell, i) => {
      cell.textContent = sheet[i] ? rack(sheet[i].rolls).marks : "";
    });
    totalCells.forEach((cell, i) => {
      cell.textContent = sheet[i] && sheet[i].total !== null ? sheet[i].total : "";
    });
    const left = pinsLeft(rolls, frames);
    host.body.querySelectorAll("[data-pins]").forEach((button) => {
      button.disabled = Number(button.dataset.pins) > left;
    });
  }

  function changed() {
    host.saveDraft({ rolls });
    render();
    host.update();
  }

  host.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-pins]");
    if (button && host.row() && Number(button.dataset.pins) <= pinsLeft(rolls, frames)) {
      rolls.push(Number(button.dataset.pins));
      changed();
    }
  });

  return {
    load(draft) {
      rolls = (draft && draft.rolls) || [];
      render();
    },
    marks() {
      return pinsLeft(rolls, frames) === -1 ? { rolls: rolls.slice() } : null;
    },
    summary(marks) {
      const sheet = frameScores(marks.rolls, frames);
      return String(sheet[sheet.length - 1].total);
    },
    action(name) {
      if (name === "undo") {
        rolls.pop();
        changed();
      }
    },
  };
}
