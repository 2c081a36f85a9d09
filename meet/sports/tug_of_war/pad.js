// The tug-of-war pad: one tap per pull for the side that won it, until one side has won most
// of the event's pulls.
import { t } from "/static/js/referee/messages.js";
import { tally, winner } from "./majority.js";

export function createPad(host) {
  const bestOf = host.rules.pulls;
  const tallyBox = host.body.querySelector("#tug-tally");
  const pullList = host.body.querySelector("#tug-pulls");
  const winnerLine = host.body.querySelector("#tug-winner");
  let pulls = [];

  function render() {
    const won = tally(pulls);
    tallyBox.textContent = won.a + " : " + won.b;
    pullList.innerHTML = "";
    pulls.forEach((side, i) => {
      const line = document.createElement("li");
      line.textContent = t("pull", { n: i + 1 }) + " · " + host.sideName(side);
      pullList.appendChild(line);
    });
    const side = winner(pulls, bestOf);
    winnerLine.hidden = !side;
    winnerLine.textContent = side ? t("wins", { name: host.sideName(side) }) : "";
    host.body.querySelectorAll("[data-side]").forEach((button) => {
      button.disabled = Boolean(side);
    });
  }

  function changed() {
    host.saveDraft({ pulls });
    render();
    host.update();
  }

  host.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-side]");
    if (button && host.row() && !winner(pulls, bestOf)) {
      pulls.push(button.dataset.side);
      changed();
    }
  });

  return {
    load(draft) {
      pulls = (draft && draft.pulls) || [];
      render();
    },
    marks() {
      return winner(pulls, bestOf) ? { pulls: pulls.slice() } : null;
    },
    summary(marks) {
      const won = tally(marks.pulls);
      return won.a + " : " + won.b;
    },
    action(name) {
      if (name === "undo") {
        pulls.pop();
        changed();
      }
    },
  };
}
