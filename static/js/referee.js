/* The referee's event page: the list of entries or matches on the left, the pad for the sport on
   the right. A result is put in the outbox (referee-queue.js), never sent directly, so the page
   behaves the same with and without a network. Unfinished pads (arrows so far, a running
   stopwatch, the goals of a match under way) are kept in localStorage too and survive a reload. */
(function () {
  "use strict";

  const app = document.getElementById("ref-app");
  const outbox = window.RefereeOutbox;
  if (!app || !outbox) {
    return;
  }
  const t = outbox.t;
  const token = app.dataset.token;
  const eventId = Number(app.dataset.event);
  const sport = app.dataset.sport;
  const kind = app.dataset.kind;
  const rules = JSON.parse(app.dataset.rules);
  const official = app.dataset.official === "1";
  const rowsUrl = app.dataset.rowsUrl;
  const DRAFTS = "meet.referee.drafts.v1";
  const TIMERS = "meet.referee.timers.v1";
  const REFRESH_EVERY = 20000;

  const list = document.getElementById("ref-rows");
  const search = document.getElementById("bib-search");
  const notesBox = document.getElementById("ref-notes");
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

  function read(name) {
    try {
      return JSON.parse(localStorage.getItem(name)) || {};
    } catch (error) {
      return {};
    }
  }

  function write(name, value) {
    localStorage.setItem(name, JSON.stringify(value));
  }

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function $$(selector, root) {
    return Array.from((root || document).querySelectorAll(selector));
  }

  /* --- rows ---------------------------------------------------------------------------------- */

  function rows() {
    return $$(".ref-row", list);
  }

  function targetOf(row) {
    return eventId + ":" + row.dataset.kind + ":" + row.dataset.id;
  }

  function rowLabel(row) {
    const bib = $(".ref-bib", row).textContent.trim();
    return (bib ? bib + " " : "") + row.dataset.name;
  }

  // The version a new submission must name: the server's, plus one per result still queued.
  function expectedVersion(row) {
    return Number(row.dataset.version) + outbox.pendingFor(targetOf(row)).length;
  }

  function applyKnown(row) {
    const known = outbox.known(targetOf(row));
    if (known && known.version > Number(row.dataset.version)) {
      row.dataset.version = known.version;
      row.dataset.status = known.status;
      row.dataset.display = known.display;
      row.dataset.marks = JSON.stringify(known.marks || {});
      $("[data-result]", row).textContent = known.display;
      row.classList.add("has-result");
    }
  }

  function showPending(row) {
    const pending = outbox.pendingFor(targetOf(row));
    const badge = $("[data-pending]", row);
    badge.hidden = pending.length === 0;
    row.classList.toggle("is-pending", pending.length > 0);
    if (pending.length) {
      $("[data-result]", row).textContent = pending[pending.length - 1].summary;
    } else {
      $("[data-result]", row).textContent = row.dataset.display;
    }
  }

  function showTiming(row, timing) {
    const badge = $("[data-timing]", row);
    if (badge) {
      badge.hidden = !timing;
    }
  }

  function decorateRows() {
    rows().forEach(function (row) {
      applyKnown(row);
      showPending(row);
      showTiming(row, Boolean(read(TIMERS)[targetOf(row)]));
    });
    filterRows();
  }

  function filterRows() {
    const query = search.value.trim().toLowerCase();
    rows().forEach(function (row) {
      const bibs = row.dataset.bibs.split(" ");
      const match = !query ||
        bibs.some(function (bib) { return bib.startsWith(query); }) ||
        row.dataset.name.toLowerCase().includes(query);
      row.parentElement.hidden = !match;
    });
  }

  function exactBibRow(query) {
    return rows().find(function (row) { return row.dataset.bibs.split(" ").includes(query); });
  }

  async function refreshRows() {
    if (!navigator.onLine || !rowsUrl) {
      return;
    }
    try {
      const response = await fetch(rowsUrl, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok || response.redirected) {
        return;
      }
      const html = await response.text();
      const chosen = selected ? selected.dataset.kind + ":" + selected.dataset.id : null;
      list.innerHTML = html;
      decorateRows();
      if (chosen) {
        const again = rows().find(function (row) { return row.dataset.kind + ":" + row.dataset.id === chosen; });
        if (again) {
          markSelected(again);
          showCurrent();
        }
      }
    } catch (error) {
      /* offline: the list stays as it is */
    }
  }

  /* --- the pad for each sport ---------------------------------------------------------------- */

  function drafts() {
    return read(DRAFTS);
  }

  function saveDraft(state) {
    if (!selected) {
      return;
    }
    const all = drafts();
    all[targetOf(selected)] = state;
    write(DRAFTS, all);
  }

  function clearDraft(row) {
    const all = drafts();
    delete all[targetOf(row)];
    write(DRAFTS, all);
  }

  function sideName(side) {
    return selected ? selected.dataset[side] || side.toUpperCase() : side.toUpperCase();
  }

  const padMakers = {
    plank: plankPad,
    pitch_pot: pitchPotPad,
    bowling: bowlingPad,
    tug_of_war: tugOfWarPad,
    frisbee_football: frisbeePad,
    custom: customPad,
  };

  function plankPad() {
    const watch = document.getElementById("watch");
    const input = document.getElementById("plank-seconds");
    let ticking = null;

    function timers() {
      return read(TIMERS);
    }

    function running() {
      return selected ? timers()[targetOf(selected)] : null;
    }

    function elapsed(timer) {
      return Math.max(0, Date.now() - timer.start + (timer.adjust || 0));
    }

    function format(ms) {
      const tenths = Math.floor(ms / 100);
      const minutes = Math.floor(tenths / 600);
      const seconds = Math.floor((tenths % 600) / 10);
      return minutes + ":" + String(seconds).padStart(2, "0") + "." + (tenths % 10);
    }

    function parse(text) {
      const value = text.trim().replace("：", ":").replace("，", ".");
      if (!value) {
        return null;
      }
      const parts = value.split(":");
      if (parts.length > 2 || parts.some(function (part) { return !/^\d+(\.\d+)?$/.test(part); })) {
        return NaN;
      }
      return parts.length === 2 ? Number(parts[0]) * 60 + Number(parts[1]) : Number(parts[0]);
    }

    function tick() {
      const timer = running();
      if (timer) {
        watch.textContent = format(elapsed(timer));
      }
      const all = timers();
      rows().forEach(function (row) { showTiming(row, Boolean(all[targetOf(row)])); });
    }

    function render() {
      const timer = running();
      $("[data-action=start]", padBody).hidden = Boolean(timer);
      $("[data-action=stop]", padBody).hidden = !timer;
      if (timer) {
        watch.textContent = format(elapsed(timer));
      } else {
        const seconds = parse(input.value);
        watch.textContent = seconds >= 0 ? format(seconds * 1000) : "0:00.0";
      }
      clearInterval(ticking);
      ticking = Object.keys(timers()).length ? setInterval(tick, 100) : null;
      tick();
    }

    function setTimer(timer) {
      const all = timers();
      if (timer) {
        all[targetOf(selected)] = timer;
      } else {
        delete all[targetOf(selected)];
      }
      write(TIMERS, all);
    }

    function action(name, button) {
      const timer = running();
      if (name === "start" && !timer) {
        input.value = "";
        setTimer({ start: Date.now(), adjust: 0 });
      } else if (name === "stop" && timer) {
        const tenths = Math.floor(elapsed(timer) / 100);
        input.value = (tenths / 10).toFixed(1);
        setTimer(null);
        saveDraft({ seconds: input.value });
        render();
        update();
        // Two taps for a first time: start, stop. A correction still needs its reason.
        if (expectedVersion(selected) === 0) {
          submitMarks();
        } else {
          reasonInput.focus();
        }
        return;
      } else if (name === "adjust") {
        const ms = Number(button.dataset.ms);
        if (timer) {
          timer.adjust = (timer.adjust || 0) + ms;
          setTimer(timer);
        } else {
          const seconds = Math.max(0, (parse(input.value) || 0) + ms / 1000);
          input.value = seconds.toFixed(1);
          saveDraft({ seconds: input.value });
        }
      } else if (name === "reset") {
        setTimer(null);
        input.value = "";
        saveDraft({ seconds: "" });
      }
      render();
      update();
    }

    input.addEventListener("input", function () {
      saveDraft({ seconds: input.value });
      render();
      update();
    });

    return {
      load: function (draft) {
        input.value = (draft && draft.seconds) || "";
        render();
      },
      marks: function () {
        const seconds = parse(input.value);
        if (seconds === null || running()) {
          return null;
        }
        if (!(seconds >= 0)) {
          return { invalid: t("enterTime") };
        }
        return { seconds: Math.round(seconds * 100) / 100 };
      },
      summary: function (marks) {
        return t("seconds", { seconds: marks.seconds.toFixed(1) });
      },
      action: action,
    };
  }

  function pitchPotPad() {
    const total = document.getElementById("pp-total");
    const grid = document.getElementById("pp-arrows");
    const count = rules.rounds * rules.arrows_per_round;
    const symbols = { pot: "●", ear: "◐", miss: "○" };
    let arrows = [];

    function points(list) {
      return list.reduce(function (sum, arrow) { return sum + rules.points[arrow]; }, 0);
    }

    function render() {
      total.textContent = points(arrows);
      grid.innerHTML = "";
      for (let round = 0; round < rules.rounds; round += 1) {
        const line = document.createElement("li");
        for (let i = 0; i < rules.arrows_per_round; i += 1) {
          const cell = document.createElement("span");
          const arrow = arrows[round * rules.arrows_per_round + i];
          cell.className = "pp-arrow" + (arrow ? " pp-" + arrow : "");
          cell.textContent = arrow ? symbols[arrow] : "·";
          line.appendChild(cell);
        }
        grid.appendChild(line);
      }
      $$("[data-outcome]", padBody).forEach(function (button) {
        button.disabled = arrows.length >= count;
      });
    }

    padBody.addEventListener("click", function (event) {
      const button = event.target.closest("[data-outcome]");
      if (button && selected && arrows.length < count) {
        arrows.push(button.dataset.outcome);
        saveDraft({ arrows: arrows });
        render();
        update();
      }
    });

    return {
      load: function (draft) {
        arrows = (draft && draft.arrows) || [];
        render();
      },
      marks: function () {
        return arrows.length === count ? { arrows: arrows.slice() } : null;
      },
      summary: function (marks) {
        return t("points", { points: points(marks.arrows) });
      },
      action: function (name) {
        if (name === "undo") {
          arrows.pop();
          saveDraft({ arrows: arrows });
          render();
          update();
        }
      },
    };
  }

  /* Ten-pin scoring as meet/scoring/bowling.py does it, for the sheet that fills in as the
     referee taps; the server checks the finished game again. */
  function bowlingFrames(rolls, frames) {
    const sheet = [];
    let start = 0;
    let total = 0;
    for (let number = 1; number <= frames && start < rolls.length; number += 1) {
      let frame;
      let frameTotal = null;
      if (number === frames) {
        frame = rolls.slice(start, start + 3);
        const needed = frame.length >= 2 && frame[0] + frame[1] >= 10 ? 3 : 2;
        frameTotal = frame.length === needed ? frame.reduce(function (a, b) { return a + b; }, 0) : null;
      } else {
        frame = rolls[start] === 10 ? [10] : rolls.slice(start, start + 2);
        const bonus = frame[0] === 10 ? 2 : (frame.length === 2 && frame[0] + frame[1] === 10 ? 1 : 0);
        const following = rolls.slice(start + frame.length, start + frame.length + bonus);
        if ((frame.length === 2 || frame[0] === 10) && following.length === bonus) {
          frameTotal = frame.concat(following).reduce(function (a, b) { return a + b; }, 0);
        }
      }
      total = total !== null && frameTotal !== null ? total + frameTotal : null;
      sheet.push({ rolls: frame, total: total });
      start += frame.length;
    }
    return sheet;
  }

  // The marks of a frame's balls (X strike, / spare, - nothing) and the pins left standing.
  function bowlingRack(frameRolls) {
    let standing = 10;
    let fresh = true;
    const marks = frameRolls.map(function (pins) {
      const mark = pins === standing ? (fresh ? "X" : "/") : pins === 0 ? "-" : String(pins);
      standing -= pins;
      fresh = false;
      if (standing === 0) {
        standing = 10;
        fresh = true;
      }
      return mark;
    });
    return { marks: marks.join(" "), standing: standing };
  }

  // The most pins the next roll can knock down, or -1 when the game is over.
  function bowlingPinsLeft(rolls, frames) {
    const sheet = bowlingFrames(rolls, frames);
    if (!sheet.length) {
      return 10;
    }
    const r = sheet[sheet.length - 1].rolls;
    if (sheet.length < frames) {
      return r[0] === 10 || r.length === 2 ? 10 : 10 - r[0];
    }
    const needed = r.length >= 2 && r[0] + r[1] >= 10 ? 3 : 2;
    return r.length === needed ? -1 : bowlingRack(r).standing;
  }

  function bowlingPad() {
    const rollCells = $$("#bw-sheet .bw-rolls td");
    const totalCells = $$("#bw-sheet .bw-totals td");
    let rolls = [];

    function render() {
      const sheet = bowlingFrames(rolls, rules.frames);
      rollCells.forEach(function (cell, i) {
        cell.textContent = sheet[i] ? bowlingRack(sheet[i].rolls).marks : "";
      });
      totalCells.forEach(function (cell, i) {
        cell.textContent = sheet[i] && sheet[i].total !== null ? sheet[i].total : "";
      });
      const left = bowlingPinsLeft(rolls, rules.frames);
      $$("[data-pins]", padBody).forEach(function (button) {
        button.disabled = Number(button.dataset.pins) > left;
      });
    }

    padBody.addEventListener("click", function (event) {
      const button = event.target.closest("[data-pins]");
      if (button && selected && Number(button.dataset.pins) <= bowlingPinsLeft(rolls, rules.frames)) {
        rolls.push(Number(button.dataset.pins));
        saveDraft({ rolls: rolls });
        render();
        update();
      }
    });

    return {
      load: function (draft) {
        rolls = (draft && draft.rolls) || [];
        render();
      },
      marks: function () {
        return bowlingPinsLeft(rolls, rules.frames) === -1 ? { rolls: rolls.slice() } : null;
      },
      summary: function (marks) {
        const sheet = bowlingFrames(marks.rolls, rules.frames);
        return String(sheet[sheet.length - 1].total);
      },
      action: function (name) {
        if (name === "undo") {
          rolls.pop();
          saveDraft({ rolls: rolls });
          render();
          update();
        }
      },
    };
  }

  function tugOfWarPad() {
    const tally = document.getElementById("tug-tally");
    const pullList = document.getElementById("tug-pulls");
    const winnerLine = document.getElementById("tug-winner");
    const majority = Math.floor(rules.pulls / 2) + 1;
    let pulls = [];

    function counts() {
      return {
        a: pulls.filter(function (side) { return side === "a"; }).length,
        b: pulls.filter(function (side) { return side === "b"; }).length,
      };
    }

    function winner() {
      const c = counts();
      return c.a >= majority ? "a" : c.b >= majority ? "b" : null;
    }

    function render() {
      const c = counts();
      tally.textContent = c.a + " : " + c.b;
      pullList.innerHTML = "";
      pulls.forEach(function (side, i) {
        const line = document.createElement("li");
        line.textContent = t("pull", { n: i + 1 }) + " · " + sideName(side);
        pullList.appendChild(line);
      });
      const won = winner();
      winnerLine.hidden = !won;
      winnerLine.textContent = won ? t("wins", { name: sideName(won) }) : "";
      $$("[data-side]", padBody).forEach(function (button) { button.disabled = Boolean(won); });
    }

    padBody.addEventListener("click", function (event) {
      const button = event.target.closest("[data-side]");
      if (button && selected && !winner()) {
        pulls.push(button.dataset.side);
        saveDraft({ pulls: pulls });
        render();
        update();
      }
    });

    return {
      load: function (draft) {
        pulls = (draft && draft.pulls) || [];
        render();
      },
      marks: function () {
        return winner() ? { pulls: pulls.slice() } : null;
      },
      summary: function (marks) {
        return marks.pulls.filter(function (s) { return s === "a"; }).length + " : " +
          marks.pulls.filter(function (s) { return s === "b"; }).length;
      },
      action: function (name) {
        if (name === "undo") {
          pulls.pop();
          saveDraft({ pulls: pulls });
          render();
          update();
        }
      },
    };
  }

  function frisbeePad() {
    const scores = { a: document.getElementById("fb-a"), b: document.getElementById("fb-b") };
    const deciderBox = document.getElementById("fb-decider");
    let goals = { a: 0, b: 0 };
    let decider = null;

    function needsDecider() {
      return selected && selected.dataset.stage !== "group" && goals.a === goals.b;
    }

    function render() {
      scores.a.textContent = goals.a;
      scores.b.textContent = goals.b;
      deciderBox.hidden = !needsDecider();
      $$("[data-decider]", padBody).forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.dataset.decider === decider));
      });
    }

    function save() {
      saveDraft({ goals: goals, decider: decider });
      render();
      update();
    }

    padBody.addEventListener("click", function (event) {
      const goal = event.target.closest("[data-goal]");
      const choice = event.target.closest("[data-decider]");
      if (goal && selected) {
        const side = goal.dataset.goal;
        goals[side] = Math.max(0, Math.min(99, goals[side] + Number(goal.dataset.step)));
        save();
      } else if (choice && selected) {
        decider = choice.dataset.decider;
        save();
      }
    });

    return {
      load: function (draft) {
        goals = draft && draft.goals ? { a: draft.goals.a, b: draft.goals.b } : { a: 0, b: 0 };
        decider = (draft && draft.decider) || null;
        render();
      },
      marks: function () {
        if (needsDecider()) {
          return decider ? { goals: [goals.a, goals.b], decider: decider } : null;
        }
        return { goals: [goals.a, goals.b] };
      },
      summary: function (marks) {
        return marks.goals[0] + " : " + marks.goals[1];
      },
      action: function () {},
    };
  }

  function customPad() {
    const inputs = $$("[data-attempt]", padBody);

    inputs.forEach(function (input) {
      input.addEventListener("input", function () {
        saveDraft({ attempts: inputs.map(function (i) { return i.value; }) });
        update();
      });
    });

    return {
      load: function (draft) {
        inputs.forEach(function (input, i) {
          input.value = draft && draft.attempts ? draft.attempts[i] || "" : "";
        });
      },
      marks: function () {
        const filled = inputs.map(function (i) { return i.value.trim().replace("，", "."); })
          .filter(Boolean);
        if (!filled.length) {
          return null;
        }
        if (filled.some(function (value) { return !/^\d+(\.\d+)?$/.test(value); })) {
          return { invalid: t("enterTime") };
        }
        return { attempts: filled.map(Number) };
      },
      summary: function (marks) {
        return marks.attempts.join(" / ");
      },
      action: function () {},
    };
  }

  const pad = padMakers[sport]();

  /* --- selecting, showing, sending ------------------------------------------------------------ */

  function markSelected(row) {
    rows().forEach(function (other) { other.setAttribute("aria-pressed", String(other === row)); });
    selected = row;
  }

  function select(row) {
    markSelected(row);
    padEmpty.hidden = true;
    padBody.hidden = false;
    padTitle.textContent = kind === "match"
      ? row.dataset.a + " – " + row.dataset.b
      : rowLabel(row);
    $$("[data-side-name]", padBody).forEach(function (element) {
      element.textContent = sideName(element.dataset.sideName);
    });
    reasonInput.value = "";
    message.textContent = "";
    disarm();
    pad.load(drafts()[targetOf(row)]);
    showCurrent();
    update();
  }

  function showCurrent() {
    if (!selected) {
      return;
    }
    const pending = outbox.pendingFor(targetOf(selected));
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
      return false;
    }
    body.event = eventId;
    body[row.dataset.kind] = Number(row.dataset.id);
    body.version = version;
    if (reason) {
      body.reason = reason;
    }
    outbox.add(token, body, rowLabel(row), summary);
    clearDraft(row);
    showPending(row);
    reasonInput.value = "";
    message.textContent = "";
    selectNext(row);
    return true;
  }

  function submitMarks() {
    const marks = pad.marks();
    if (!marks || marks.invalid || official) {
      return;
    }
    submit({ marks: marks, status: "ok" }, pad.summary(marks));
  }

  // After a result, the next one without a result is the likeliest to come.
  function selectNext(row) {
    const all = rows().filter(function (r) { return !r.parentElement.hidden; });
    const start = all.indexOf(row);
    const next = all.slice(start + 1).concat(all.slice(0, start + 1)).find(function (r) {
      return Number(r.dataset.version) === 0 && !outbox.pendingFor(targetOf(r)).length && r !== row;
    });
    if (next) {
      select(next);
    } else {
      select(row);
    }
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

  padBody.addEventListener("click", function (event) {
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
      submit({ marks: { side: side }, status: code }, code + " · " + sideName(side));
    }
  });

  // A status button's own label, put back after its confirmation text.
  $$("[data-status]", padBody).forEach(function (button) { button.dataset.label = button.innerHTML; });

  sendButton.addEventListener("click", submitMarks);
  reasonInput.addEventListener("input", function () { message.textContent = ""; });

  list.addEventListener("click", function (event) {
    const row = event.target.closest(".ref-row");
    if (row) {
      select(row);
    }
  });

  search.addEventListener("input", filterRows);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      const row = exactBibRow(search.value.trim());
      if (row) {
        event.preventDefault();
        select(row);
      }
    }
  });

  /* --- answers from the server ------------------------------------------------------------- */

  function renderNotes() {
    notesBox.innerHTML = "";
    outbox.notes().filter(function (note) {
      return note.item.token === token && note.item.body.event === eventId;
    }).forEach(function (note) {
      const box = document.createElement("div");
      box.className = "ref-note ref-note-" + note.kind;
      const lines = [];
      if (note.kind === "conflict") {
        lines.push(t("conflict", { name: note.item.label }));
        lines.push(t("server", { result: note.answer.current.display + " (v" + note.answer.version + ")" }));
        lines.push(t("yours", { result: note.item.summary }));
      } else {
        lines.push(t("refused", { name: note.item.label, message: note.answer.message || note.status }));
      }
      lines.forEach(function (text) {
        const p = document.createElement("p");
        p.textContent = text;
        box.appendChild(p);
      });
      const actions = document.createElement("div");
      actions.className = "ref-note-actions";
      const keep = document.createElement("button");
      keep.type = "button";
      keep.textContent = note.kind === "conflict" ? t("keepServer") : t("dismiss");
      keep.addEventListener("click", function () { outbox.dismiss(note.item.key); });
      actions.appendChild(keep);
      if (note.kind === "conflict" && !official) {
        const reason = document.createElement("input");
        reason.type = "text";
        reason.maxLength = 500;
        reason.placeholder = t("reasonNeeded");
        reason.setAttribute("aria-label", t("reasonNeeded"));
        const mine = document.createElement("button");
        mine.type = "button";
        mine.className = "primary";
        mine.textContent = t("sendMine");
        mine.addEventListener("click", function () {
          if (!reason.value.trim()) {
            reason.focus();
            return;
          }
          const body = Object.assign({}, note.item.body, {
            version: note.answer.version,
            reason: reason.value.trim(),
          });
          outbox.add(token, body, note.item.label, note.item.summary);
          outbox.dismiss(note.item.key);
        });
        actions.appendChild(reason);
        actions.appendChild(mine);
      }
      box.appendChild(actions);
      notesBox.appendChild(box);
    });
  }

  window.addEventListener("outbox:answer", function (event) {
    const detail = event.detail;
    if (detail.item.body.event !== eventId) {
      return;
    }
    rows().forEach(function (row) {
      if (targetOf(row) === detail.item.target) {
        applyKnown(row);
        showPending(row);
      }
    });
    if (selected && targetOf(selected) === detail.item.target) {
      showCurrent();
    }
  });

  window.addEventListener("outbox:change", function () {
    rows().forEach(showPending);
    renderNotes();
    if (selected) {
      showCurrent();
    }
  });

  padBody.classList.toggle("is-official", official);
  decorateRows();
  renderNotes();
  setInterval(refreshRows, REFRESH_EVERY);
  window.addEventListener("online", refreshRows);
})();
