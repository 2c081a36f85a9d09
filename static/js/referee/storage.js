// What the tablet keeps in localStorage across reloads: JSON values by name, and per entry or
// match its unfinished pad (a draft) and its running stopwatch (a timer).

const DRAFTS = "meet.referee.drafts.v1";
const TIMERS = "meet.referee.timers.v1";

export function read(name, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(name));
    return value === null ? fallback : value;
  } catch (error) {
    return fallback;
  }
}

export function write(name, value) {
  localStorage.setItem(name, JSON.stringify(value));
}

function put(name, target, value) {
  const all = read(name, {});
  if (value === null) {
    delete all[target];
  } else {
    all[target] = value;
  }
  write(name, all);
}

export function draftFor(target) {
  return read(DRAFTS, {})[target];
}

export function saveDraft(target, draft) {
  put(DRAFTS, target, draft);
}

export function clearDraft(target) {
  put(DRAFTS, target, null);
}

// Every running stopwatch by target: {start, adjust} in milliseconds.
export function timers() {
  return read(TIMERS, {});
}

// A timer to keep for the target, or null to stop keeping one.
export function setTimer(target, timer) {
  put(TIMERS, target, timer);
}
