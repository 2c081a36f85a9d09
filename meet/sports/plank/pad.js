// The plank pad: a stopwatch that keeps running across reloads (its start is kept on the
// tablet), nudges of a tenth or a second, and a typed time for a watch held by hand.
import { t } from "/static/js/referee/messages.js";
import { setTimer, timers } from "/static/js/referee/storage.js";

function elapsed(timer) {
  return Math.max(0, Date.now() - timer.start + (timer.adjust || 0));
}

function format(ms) {
  const tenths = Math.floor(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = Math.floor((tenths % 600) / 10);
  return minutes + ":" + String(seconds).padStart(2, "0") + "." + (tenths % 10);
}

// Seconds from "125.4" or "2:05.4" (Chinese colon and comma too); null if empty, NaN if unreadable.
function parse(text) {
  const value = text.trim().replace("：", ":").replace("，", ".");
  if (!value) {
    return null;
  }
  const parts = value.split(":");
  if (parts.length > 2 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) {
    return NaN;
  }
  return parts.length === 2 ? Number(parts[0]) * 60 + Number(parts[1]) : Number(parts[0]);
}

export function createPad(host) {
  const watch = host.body.querySelector("#watch");
  const input = host.body.querySelector("#plank-seconds");
  let ticking = null;

  function running() {
    return host.row() ? timers()[host.target()] : null;
  }

  function tick() {
    const timer = running();
    if (timer) {
      watch.textContent = format(elapsed(timer));
    }
    host.showTimers();
  }

  function render() {
    const timer = running();
    host.body.querySelector("[data-action=start]").hidden = Boolean(timer);
    host.body.querySelector("[data-action=stop]").hidden = !timer;
    if (timer) {
      watch.textContent = format(elapsed(timer));
    } else {
      const seconds = parse(input.value);
      watch.textContent = seconds >= 0 ? format(seconds * 1000) : "0:00.0";
    }
    clearInterval(ticking);
    // Any watch still running, this entry's or another's, keeps its row's badge up to date.
    ticking = Object.keys(timers()).length ? setInterval(tick, 100) : null;
    tick();
  }

  function action(name, button) {
    const timer = running();
    if (name === "start" && !timer) {
      input.value = "";
      setTimer(host.target(), { start: Date.now(), adjust: 0 });
    } else if (name === "stop" && timer) {
      const tenths = Math.floor(elapsed(timer) / 100);
      input.value = (tenths / 10).toFixed(1);
      setTimer(host.target(), null);
      host.saveDraft({ seconds: input.value });
      render();
      host.update();
      // Two taps for a first time: start, stop. A correction still needs its reason.
      host.finish();
      return;
    } else if (name === "adjust") {
      const ms = Number(button.dataset.ms);
      if (timer) {
        timer.adjust = (timer.adjust || 0) + ms;
        setTimer(host.target(), timer);
      } else {
        const seconds = Math.max(0, (parse(input.value) || 0) + ms / 1000);
        input.value = seconds.toFixed(1);
        host.saveDraft({ seconds: input.value });
      }
    } else if (name === "reset") {
      setTimer(host.target(), null);
      input.value = "";
      host.saveDraft({ seconds: "" });
    }
    render();
    host.update();
  }

  input.addEventListener("input", () => {
    host.saveDraft({ seconds: input.value });
    render();
    host.update();
  });

  return {
    load(draft) {
      input.value = (draft && draft.seconds) || "";
      render();
    },
    marks() {
      const seconds = parse(input.value);
      if (seconds === null || running()) {
        return null;
      }
      if (!(seconds >= 0)) {
        return { invalid: t("enterTime") };
      }
      return { seconds: Math.round(seconds * 100) / 100 };
    },
    summary(marks) {
      return t("seconds", { seconds: marks.seconds.toFixed(1) });
    },
    action,
  };
}
