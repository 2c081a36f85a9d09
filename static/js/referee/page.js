// The referee's event page: the list of entries or matches on the left, the pad for the event's
// sport on the right. A result goes into the outbox, never straight to the server, so the page
// behaves the same with and without a network; an unfinished pad is kept as a draft.
import { eventId, kind, official, padUrl, rules, token } from "./settings.js";
import { t } from "./messages.js";
import { renderNotes } from "./notes.js";
import { keepOffline } from "./offline.js";
import { add, pendingFor, startOutbox } from "./outbox.js";
import {
  applyKnown, decorateRows, exactBibRow, expectedVersion, freshRows, replaceRows, rowLabel, rows,
  showPending, showTimers, targetOf,
} from "./rows.js";
import { clearDraft, draftFor, saveDraft } from "./storage.js";

const REFRESH_EVERY = 20000;

const list = document.getElementById("ref-rows");
const search = document.getElementById("bib-search");
const padEmpty = document.getElementById("pad-empty");
const padBody = document.getElementById("pad-body");
const padTitle = document.getElementById("pad-title");
const padCurrent = document.getElementById("pad-current");
const reasonBox = document.getElementById("pad-reason-box");
const reasonInput = document.getElementById("pad-reason");
const message = document.getElementById("pad-message");
const sendButton = document.getElementById("pad-send");
const sidesBox = document.getElementById("pad-sides");

let selected = null; // the selected row's button
let armedStatus = null; // a DNS/DNF/DQ button waiting for its confirming tap
let pad = null;

function sideName(side) {
  return selected ? selected.dataset[side] || side.toUpperCase() : side.toUpperCase();
}

/* The sport's pad is the module named by #ref-app's data-pad (meet/sports/<key>/pad.js). Its
   createPad(host) returns:
     load(draft)           show the selected entry's or match's draft (undefined: a fresh pad)
     marks()               the marks to send; null while unfinished; {invalid: message} if wrong
     summary(marks)        the result in a few words, shown in the list until the server answers
     action(name, button)  a tap on one of the pad's [data-action] buttons
   It is given the host below, listens on host.body for taps on its other buttons, and may import
   the tablet's words and storage (/static/js/referee/messages.js, storage.js). */
const host = {
  body: padBody, // the pad's markup (meet/sports/<key>/pad.html) and the shared buttons
  rules, // the event's rules, as the sport's rules.py validated them
  row: () => selected, // the selected row's button (data-* describe the entry or match), or null
  target: () => (selected ? targetOf(selected) : null), // the storage key of the selection
  sideName, // the name of side "a" or "b" of the selected match
  saveDraft(draft) {
    if (selected) {
      saveDraft(targetOf(selected), draft);
    }
  },
  update, // the pad's marks changed
  showTimers, // a stopwatch started or stopped
  // The pad's result is complete: a first result goes at once, a correction asks for its reason.
  finish() {
    if (expectedVersion(selected) === 0) {
      submitMarks();
    } else {
      reasonInput.focus();
    }
  },
};

/* --- selecting, showing, sending ------------------------------------------------------------ */

function markSelected(row) {
  rows().forEach((other) => other.setAttribute("aria-pressed", String(other === row)));
  selected = row;
}

function select(row) {
  markSelected(row);
  padEmpty.hidden = true;
  padBody.hidden = false;
  padTitle.textContent = kind === "match" ? row.dataset.a + " – " + row.dataset.b : rowLabel(row);
  padBody.querySelectorAll("[data-side-name]").forEach((element) => {
    element.textContent = sideName(element.dataset.sideName);
  });
  reasonInput.value = "";
  message.textContent = "";
  disarm();
  pad.load(draftFor(targetOf(row)));
  showCurrent();
  update();
}

function showCurrent() {
  if (!selected) {
    return;
  }
  const pending = pendingFor(targetOf(selected));
  if (pending.length) {
    padCurrent.textContent = t("queued", { result: pending[pending.length - 1].summary });
  } else if (Number(selected.dataset.version) > 0) {
    padCurrent.textContent = t("current", {
      result: selected.dataset.display,
      version: selected.dataset.version,
    });
  } else {
    padCurrent.textContent = t("noResult");
  }
  reasonBox.hidden = expectedVersion(selected) === 0;
}

function update() {
  if (!selected) {
    return;
  }
  const marks = pad.marks();
  sendButton.disabled = official || !marks || Boolean(marks.invalid);
  message.textContent = marks && marks.invalid ? marks.invalid : "";
  reasonBox.hidden = expectedVersion(selected) === 0;
}

function submit(body, summary) {
  const row = selected;
  const version = expectedVersion(row);
  const reason = reasonInput.value.trim();
  if (version > 0 && !reason) {
    reasonBox.hidden = false;
    message.textContent = t("reasonNeeded");
    reasonInput.focus();
    return;
  }
  body.event = eventId;
  body[row.dataset.kind] = Number(row.dataset.id);
  body.version = version;
  if (reason) {
    body.reason = reason;
  }
  add(token, body, rowLabel(row), summary);
  clearDraft(targetOf(row));
  showPending(row);
  reasonInput.value = "";
  message.textContent = "";
  selectNext(row);
}

function submitMarks() {
  const marks = pad.marks();
  if (!marks || marks.invalid || official) {
    return;
  }
  submit({ marks, status: "ok" }, pad.summary(marks));
}

// After a result, the next one without a result is the likeliest to come.
function selectNext(row) {
  const shown = rows().filter((r) => !r.parentElement.hidden);
  const start = shown.indexOf(row);
  const next = shown.slice(start + 1).concat(shown.slice(0, start + 1)).find((r) => (
    Number(r.dataset.version) === 0 && !pendingFor(targetOf(r)).length && r !== row
  ));
  select(next || row);
}

function disarm() {
  if (armedStatus) {
    armedStatus.classList.remove("is-armed");
    armedStatus.innerHTML = armedStatus.dataset.label;
    armedStatus = null;
  }
  if (sidesBox) {
    sidesBox.hidden = true;
  }
}

// DNS, DNF and DQ take a second tap (or, for a match, the side): no result by a slip.
function statusTapped(button) {
  if (official || !selected) {
    return;
  }
  if (armedStatus !== button) {
    disarm();
    armedStatus = button;
    button.classList.add("is-armed");
    if (kind === "match") {
      sidesBox.hidden = false;
    } else {
      button.textContent = t("confirm", { status: button.dataset.status });
    }
    return;
  }
  if (kind === "entry") {
    const code = button.dataset.status;
    disarm();
    submit({ marks: {}, status: code }, code);
  }
}

async function refresh() {
  const html = await freshRows();
  if (html === null) {
    return;
  }
  const chosen = selected ? targetOf(selected) : null;
  replaceRows(html);
  const again = chosen && rows().find((row) => targetOf(row) === chosen);
  if (again) {
    markSelected(again);
    showCurrent();
  }
}

function start() {
  padBody.addEventListener("click", (event) => {
    const actionButton = event.target.closest("[data-action]");
    const statusButton = event.target.closest("[data-status]");
    const sideButton = event.target.closest("[data-status-side]");
    if (actionButton) {
      pad.action(actionButton.dataset.action, actionButton);
    } else if (statusButton) {
      statusTapped(statusButton);
    } else if (sideButton && armedStatus) {
      const code = armedStatus.dataset.status;
      const side = sideButton.dataset.statusSide;
      disarm();
      submit({ marks: { side }, status: code }, code + " · " + sideName(side));
    }
  });

  // A status button's own label, put back after its confirmation text.
  padBody.querySelectorAll("[data-status]").forEach((button) => {
    button.dataset.label = button.innerHTML;
  });

  sendButton.addEventListener("click", submitMarks);
  reasonInput.addEventListener("input", () => { message.textContent = ""; });

  list.addEventListener("click", (event) => {
    const row = event.target.closest(".ref-row");
    if (row) {
      select(row);
    }
  });

  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const row = exactBibRow(search.value.trim());
      if (row) {
        event.preventDefault();
        select(row);
      }
    }
  });

  window.addEventListener("outbox:answer", (event) => {
    const item = event.detail.item;
    if (item.body.event !== eventId) {
      return;
    }
    rows().forEach((row) => {
      if (targetOf(row) === item.target) {
        applyKnown(row);
        showPending(row);
      }
    });
    if (selected && targetOf(selected) === item.target) {
      showCurrent();
    }
  });

  window.addEventListener("outbox:change", () => {
    rows().forEach(showPending);
    renderNotes();
    if (selected) {
      showCurrent();
    }
  });

  padBody.classList.toggle("is-official", official);
  decorateRows();
  renderNotes();
  setInterval(refresh, REFRESH_EVERY);
  window.addEventListener("online", refresh);
}

// The outbox starts last, even without a pad: the line it fills in says the page is ready for
// taps, and what other pages queued is sent regardless.
import(padUrl)
  .then((module) => {
    pad = module.createPad(host);
    start();
  })
  .finally(() => {
    startOutbox();
    keepOffline();
  });
