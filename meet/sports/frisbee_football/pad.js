// The frisbee-football pad: goals per side with +1 and −1, and in a knockout match that ends
// level, the side that won the decider.

export function createPad(host) {
  const scores = { a: host.body.querySelector("#fb-a"), b: host.body.querySelector("#fb-b") };
  const deciderBox = host.body.querySelector("#fb-decider");
  let goals = { a: 0, b: 0 };
  let decider = null;

  function needsDecider() {
    const row = host.row();
    return row && row.dataset.stage !== "group" && goals.a === goals.b;
  }

  function render() {
    scores.a.textContent = goals.a;
    scores.b.textContent = goals.b;
    deciderBox.hidden = !needsDecider();
    host.body.querySelectorAll("[data-decider]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.decider === decider));
    });
  }

  function changed() {
    host.saveDraft({ goals, decider });
    render();
    host.update();
  }

  host.body.addEventListener("click", (event) => {
    const goal = event.target.closest("[data-goal]");
    const choice = event.target.closest("[data-decider]");
    if (goal && host.row()) {
      const side = goal.dataset.goal;
      goals[side] = Math.max(0, Math.min(99, goals[side] + Number(goal.dataset.step)));
      changed();
    } else if (choice && host.row()) {
      decider = choice.dataset.decider;
      changed();
    }
  });

  return {
    load(draft) {
      goals = draft && draft.goals ? { a: draft.goals.a, b: draft.goals.b } : { a: 0, b: 0 };
      decider = (draft && draft.decider) || null;
      render();
    },
    marks() {
      if (needsDecider()) {
        return decider ? { goals: [goals.a, goals.b], decider } : null;
      }
      return { goals: [goals.a, goals.b] };
    },
    summary(marks) {
      return marks.goals[0] + " : " + marks.goals[1];
    },
    action() {},
  };
}
