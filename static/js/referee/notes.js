// The server's answers the referee has to see on the event page: a result changed on another
// device (keep the server's, or send mine with a reason) and a result the server refused.
import { eventId, official, token } from "./settings.js";
import { t } from "./messages.js";
import { add, dismiss, notes } from "./outbox.js";

const box = document.getElementById("ref-notes");

function paragraphs(note) {
  if (note.kind === "conflict") {
    return [
      t("conflict", { name: note.item.label }),
      t("server", { result: note.answer.current.display + " (v" + note.answer.version + ")" }),
      t("yours", { result: note.item.summary }),
    ];
  }
  return [t("refused", { name: note.item.label, message: note.answer.message || note.status })];
}

// Sending mine names the server's version and says why, like any correction.
function sendMine(note) {
  const reason = document.createElement("input");
  reason.type = "text";
  reason.maxLength = 500;
  reason.placeholder = t("reasonNeeded");
  reason.setAttribute("aria-label", t("reasonNeeded"));
  const mine = document.createElement("button");
  mine.type = "button";
  mine.className = "primary";
  mine.textContent = t("sendMine");
  mine.addEventListener("click", () => {
    if (!reason.value.trim()) {
      reason.focus();
      return;
    }
    const body = Object.assign({}, note.item.body, {
      version: note.answer.version,
      reason: reason.value.trim(),
    });
    add(token, body, note.item.label, note.item.summary);
    dismiss(note.item.key);
  });
  return [reason, mine];
}

export function renderNotes() {
  box.innerHTML = "";
  notes().filter((note) => note.item.token === token && note.item.body.event === eventId)
    .forEach((note) => {
      const card = document.createElement("div");
      card.className = "ref-note ref-note-" + note.kind;
      paragraphs(note).forEach((text) => {
        const p = document.createElement("p");
        p.textContent = text;
        card.appendChild(p);
      });
      const actions = document.createElement("div");
      actions.className = "ref-note-actions";
      const keep = document.createElement("button");
      keep.type = "button";
      keep.textContent = note.kind === "conflict" ? t("keepServer") : t("dismiss");
      keep.addEventListener("click", () => dismiss(note.item.key));
      actions.appendChild(keep);
      if (note.kind === "conflict" && !official) {
        sendMine(note).forEach((element) => actions.appendChild(element));
      }
      card.appendChild(actions);
      box.appendChild(card);
    });
}
