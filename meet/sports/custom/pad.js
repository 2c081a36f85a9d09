// The pad of an event the organizers make up: one box per attempt for its time, count, points or
// distance in the event's unit.
import { t } from "/static/js/referee/messages.js";

export function createPad(host) {
  const inputs = Array.from(host.body.querySelectorAll("[data-attempt]"));

  inputs.forEach((input) => {
    input.addEventListener("input", () => {
      host.saveDraft({ attempts: inputs.map((box) => box.value) });
      host.update();
    });
  });

  return {
    load(draft) {
      inputs.forEach((input, i) => {
        input.value = draft && draft.attempts ? draft.attempts[i] || "" : "";
      });
    },
    marks() {
      const filled = inputs.map((box) => box.value.trim().replace("，", ".")).filter(Boolean);
      if (!filled.length) {
        return null;
      }
      if (filled.some((value) => !/^\d+(\.\d+)?$/.test(value))) {
        return { invalid: t("enterTime") };
      }
      return { attempts: filled.map(Number) };
    },
    summary(marks) {
      return marks.attempts.join(" / ");
    },
    action() {},
  };
}
