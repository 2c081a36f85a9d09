// The list of the event's entries or matches: each row's result, what waits in the outbox and a
// running stopwatch; the bib search; the refresh with other tablets' results.
import { eventId, rowsUrl } from "./settings.js";
import { known, pendingFor } from "./outbox.js";
import { timers } from "./storage.js";

const list = document.getElementById("ref-rows");
const search = document.getElementById("bib-search");

export function rows() {
  return Array.from(list.querySelectorAll(".ref-row"));
}

// The key of everything kept for the row's entry or match (outbox, drafts, timers).
export function targetOf(row) {
  return eventId + ":" + row.dataset.kind + ":" + row.dataset.id;
}

export function rowLabel(row) {
  const bib = row.querySelector(".ref-bib").textContent.trim();
  return (bib ? bib + " " : "") + row.dataset.name;
}

// The version a new submission must name: the server's, plus one per result still queued.
export function expectedVersion(row) {
  return Number(row.dataset.version) + pendingFor(targetOf(row)).length;
}

// A page served from the offline cache is older than the answers this tablet has had since.
export function applyKnown(row) {
  const answer = known(targetOf(row));
  if (answer && answer.version > Number(row.dataset.version)) {
    row.dataset.version = answer.version;
    row.dataset.status = answer.status;
    row.dataset.display = answer.display;
    row.dataset.marks = JSON.stringify(answer.marks || {});
    row.querySelector("[data-result]").textContent = answer.display;
    row.classList.add("has-result");
  }
}

export function showPending(row) {
  const pending = pendingFor(targetOf(row));
  row.querySelector("[data-pending]").hidden = pending.length === 0;
  row.classList.toggle("is-pending", pending.length > 0);
  row.querySelector("[data-result]").textContent = pending.length
    ? pending[pending.length - 1].summary
    : row.dataset.display;
}

// The "timing" badge of every row whose stopwatch is running.
export function showTimers() {
  const running = timers();
  rows().forEach((row) => {
    const badge = row.querySelector("[data-timing]");
    if (badge) {
      badge.hidden = !running[targetOf(row)];
    }
  });
}

export function decorateRows() {
  rows().forEach((row) => {
    applyKnown(row);
    showPending(row);
  });
  showTimers();
  filterRows();
}

export function filterRows() {
  const query = search.value.trim().toLowerCase();
  rows().forEach((row) => {
    const bibs = row.dataset.bibs.split(" ");
    const match = !query ||
      bibs.some((bib) => bib.startsWith(query)) ||
      row.dataset.name.toLowerCase().includes(query);
    row.parentElement.hidden = !match;
  });
}

export function exactBibRow(query) {
  return rows().find((row) => row.dataset.bibs.split(" ").includes(query));
}

// The list as the server has it now, or null when offline or refused.
export async function freshRows() {
  if (!navigator.onLine || !rowsUrl) {
    return null;
  }
  try {
    const response = await fetch(rowsUrl, { credentials: "same-origin", cache: "no-store" });
    return response.ok && !response.redirected ? await response.text() : null;
  } catch (error) {
    return null;
  }
}

export function replaceRows(html) {
  list.innerHTML = html;
  decorateRows();
}

search.addEventListener("input", filterRows);
