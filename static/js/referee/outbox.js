// The queue of results waiting to be sent: kept in localStorage until the server has answered,
// sent one at a time in the order they were made, each with its own Idempotency-Key.
//
// Nothing is lost when the Wi-Fi drops, the page reloads or the tab is closed, and a retry after
// a lost answer is recorded once. Network failures and server errors are retried with a growing
// delay; any other answer is final. Answers are announced as window events: "outbox:answer"
// (detail: item, status, answer) and "outbox:change".
import { t } from "./messages.js";
import { read, write } from "./storage.js";

const QUEUE = "meet.referee.queue.v1";
const NOTES = "meet.referee.notes.v1";
const KNOWN = "meet.referee.known.v1";
const FIRST_DELAY = 1000;
const MAX_DELAY = 30000;
const KNOWN_LIMIT = 2000;

const outboxElements = Array.from(document.querySelectorAll("[data-outbox]"));
const api = outboxElements.length ? outboxElements[0].dataset.api : "/api/v1/results";

function newKey() {
  if (window.crypto && typeof crypto.randomUUID === "function") {
    return crypto.randomUUID();
  }
  // randomUUID needs a secure context; a venue laptop on plain http is not one.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const groups = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return groups.concat(hex.slice(20)).join("-");
}

// "event:entry:id" or "event:match:id", the key of everything kept per entry or match.
function targetOf(body) {
  return body.event + ":" + (body.entry != null ? "entry:" + body.entry : "match:" + body.match);
}

function emit(name, detail) {
  window.dispatchEvent(new CustomEvent(name, { detail }));
}

/* --- the queue ---------------------------------------------------------------------------- */

function items() {
  return read(QUEUE, []);
}

export function add(token, body, label, summary) {
  const item = {
    key: newKey(),
    token,
    body,
    target: targetOf(body),
    label,
    summary,
    queuedAt: Date.now(),
  };
  const queue = items();
  queue.push(item);
  write(QUEUE, queue);
  changed();
  schedule(0);
  return item;
}

function remove(key) {
  write(QUEUE, items().filter((item) => item.key !== key));
}

export function pendingFor(target) {
  return items().filter((item) => item.target === target);
}

/* --- notes: answers the referee has to see (conflicts, refusals) --------------------------- */

export function notes() {
  return read(NOTES, []);
}

function addNote(note) {
  const all = notes();
  all.push(note);
  write(NOTES, all);
}

export function dismiss(key) {
  write(NOTES, notes().filter((note) => note.item.key !== key));
  changed();
}

/* --- what the server said last, per entry or match: a page served from the offline cache
       is older than the answers this tablet has had since. ------------------------------- */

export function known(target) {
  return read(KNOWN, {})[target] || null;
}

function remember(target, answer) {
  const all = read(KNOWN, {});
  const before = all[target];
  if (!before || before.version <= answer.version) {
    delete all[target];
    all[target] = {
      version: answer.version,
      status: answer.status,
      display: answer.display,
      marks: answer.marks,
      official: answer.official,
    };
  }
  const keys = Object.keys(all);
  keys.slice(0, Math.max(0, keys.length - KNOWN_LIMIT)).forEach((key) => { delete all[key]; });
  write(KNOWN, all);
}

/* --- sending ------------------------------------------------------------------------------ */

let timer = null;
let delay = 0;
let sending = false;

function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(pump, ms);
}

function retryLater() {
  delay = delay ? Math.min(MAX_DELAY, delay * 2) : FIRST_DELAY;
  schedule(delay + Math.random() * 250);
}

function pump() {
  if (sending) {
    return;
  }
  // One tab sends at a time where the browser can say so; the keys make it safe regardless.
  if (navigator.locks && navigator.locks.request) {
    navigator.locks.request("meet-referee-outbox", { ifAvailable: true }, (lock) => (
      lock ? drain() : null
    ));
  } else {
    drain();
  }
}

async function drain() {
  sending = true;
  try {
    for (;;) {
      const queue = items();
      if (!queue.length) {
        delay = 0;
        return;
      }
      const item = queue[0];
      let response;
      try {
        response = await fetch(api, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Authorization: "Bearer " + item.token,
            "Idempotency-Key": item.key,
          },
          body: JSON.stringify(item.body),
          credentials: "same-origin",
          cache: "no-store",
        });
      } catch (error) {
        retryLater();
        return;
      }
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        retryLater();
        return;
      }
      let answer = {};
      try {
        answer = await response.json();
      } catch (error) {
        answer = {};
      }
      remove(item.key);
      delay = 0;
      settle(item, response.status, answer);
    }
  } finally {
    sending = false;
    changed();
  }
}

function settle(item, status, answer) {
  if (status >= 200 && status < 300) {
    remember(item.target, answer);
  } else if (status === 409 && answer.current) {
    remember(item.target, answer.current);
    addNote({ kind: "conflict", item, answer });
  } else {
    addNote({ kind: "refused", item, answer, status });
  }
  emit("outbox:answer", { item, status, answer });
}

/* --- the "waiting to send" line ---------------------------------------------------------- */

function changed() {
  outboxElements.forEach((element) => {
    const token = element.dataset.token;
    const count = items().filter((item) => item.token === token).length;
    element.classList.toggle("is-waiting", count > 0);
    element.classList.toggle("is-offline", !navigator.onLine);
    if (count > 0) {
      const offline = navigator.onLine ? "" : " · " + t("offline");
      element.textContent = t("waiting", { count }) + offline;
    } else {
      element.textContent = navigator.onLine ? t("allSent") : t("offline");
    }
  });
  emit("outbox:change", {});
}

// Shows the waiting line and sends what is queued, now and whenever the network comes back or
// the tablet wakes up. The line filling in tells the referee (and the tests) the page is ready.
export function startOutbox() {
  window.addEventListener("online", () => { delay = 0; changed(); schedule(0); });
  window.addEventListener("offline", changed);
  window.addEventListener("storage", (event) => {
    if (event.key === QUEUE || event.key === NOTES) {
      changed();
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) {
      schedule(0);
    }
  });
  changed();
  schedule(0);
}
