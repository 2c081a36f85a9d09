// The rope-skipping pad: the skips counted in the event's time, tapped one by one (+1, +10, −1)
// as the referee counts, or typed from a hand counter. Its words come from pad.html.
function parse(text) {
  const value = text.trim();
  if (!value) {
    return null;
  }
  return /^\d+$/.test(value) ? Number(value) : NaN;
}

export function createPad(host) {
  const box = host.body.querySelector(".pad-rope");
  const shown = host.body.querySelector("#rope-count");
  const input = host.body.querySelector("#rope-typed");

  function render() {
    const count = parse(input.value);
    if (count === null) {
      shown.textContent = "0";
    } else {
      shown.textContent = count <= host.rules.max_count ? String(count) : "–"; // NaN too
    }
  }

  function changed() {
    host.saveDraft({ count: input.value });
    render();
    host.update();
  }

  input.addEventListener("input", changed);

  return {
    load(draft) {
      input.value = (draft && draft.count) || "";
      render();
    },
    marks() {
      const count = parse(input.value);
      if (count === null) {
        return null;
      }
      if (Number.isNaN(count)) {
        return { invalid: box.dataset.invalid };
      }
      // The server refuses it too; the referee sees it before sending.
      return count > host.rules.max_count ? { invalid: box.dataset.tooMany } : { count };
    },
    summary(marks) {
      return box.dataset.summary.replace("%(count)s", marks.count);
    },
    action(name, button) {
      if (name === "step") {
        const typed = parse(input.value) || 0;
        const count = Math.min(host.rules.max_count, Math.max(0, typed + Number(button.dataset.step)));
        input.value = String(count);
      } else if (name === "reset") {
        input.value = "";
      }
      changed();
    },
  };
}
