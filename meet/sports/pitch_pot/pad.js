// The pitch-pot pad: one tap per arrow (in the pot, in an ear, a miss), the rounds filling in as
// a grid, and the running total by the event's points.
import { t } from "/static/js/referee/messages.js";
import { total } from "./totals.js";

const SYMBOLS = { pot: "●", ear: "◐", miss: "○" };

export function createPad(host) {
  const { rules } = host;
  const totalBox = host.body.querySelector("#pp-total");
  const grid = host.body.querySelector("#pp-arrows");
  const count = rules.rounds * rules.arrows_per_round;
  let arrows = [];

  function render() {
    totalBox.textContent = total(arrows, rules.points);
    grid.innerHTML = "";
    for (let round = 0; round < rules.rounds; round += 1) {
      const line = document.createElement("li");
      for (let i = 0; i < rules.arrows_per_round; i += 1) {
        const cell = document.createElement("span");
        const arrow = arrows[round * rules.arrows_per_round + i];
        cell.className = "pp-arrow" + (arrow ? " pp-" + arrow : "");
        cell.textContent = arrow ? SYMBOLS[arrow] : "·";
        line.appendChild(cell);
      }
      grid.appendChild(line);
    }
    host.body.querySelectorAll("[data-outcome]").forEach((button) => {
      button.disabled = arrows.length >= count;
    });
  }

  function changed() {
    host.saveDraft({ arrows });
    render();
    host.update();
  }

  host.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-outcome]");
    if (button && host.row() && arrows.length < count) {
      arrows.push(button.dataset.outcome);
      changed();
    }
  });

  return {
    load(draft) {
      arrows = (draft && draft.arrows) || [];
      render();
    },
    marks() {
      return arrows.length === count ? { arrows: arrows.slice() } : null;
    },
    summary(marks) {
      return t("points", { points: total(marks.arrows, rules.points) });
    },
    action(name) {
      if (name === "undo") {
        arrows.pop();
        changed();
      }
    },
  };
}
