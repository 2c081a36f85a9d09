// The referee event page's settings, from the data attributes of #ref-app
// (templates/referee/event.html).

const app = document.getElementById("ref-app");

export const token = app.dataset.token;
export const eventId = Number(app.dataset.event);
export const kind = app.dataset.kind; // "entry" or "match"
export const rules = JSON.parse(app.dataset.rules);
export const official = app.dataset.official === "1";
export const rowsUrl = app.dataset.rowsUrl;
export const padUrl = app.dataset.pad;
