/* The live board: shows one slide at a time (each event's leaders, then the team standings) and
   asks the server every few seconds whether anything changed, with the ETag of what it shows, so
   an unchanged board costs one tiny 304. Changes are written into the existing rows: no reload, no
   flicker. The page works without this script: the server renders the current state. */
(function () {
  "use strict";

  var POLL_MS = 3000;
  var SLIDE_MS = 10000;
  var PAUSE_AFTER_TAP_MS = 30000;
  var OFFLINE_AFTER_MS = 15000;
  var EVENT_FIELDS = ["rank", "name", "bib", "team", "display"];
  var TEAM_FIELDS = ["rank", "team", "gold", "silver", "bronze", "points"];

  // Before the first paint: the stylesheet shows one slide at a time only on scripted pages.
  if (window.fetch) {
    document.documentElement.className += " js";
  }

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function points(value) {
    return String(Math.round(value * 100) / 100);
  }

  function eventCells(row) {
    return {
      rank: row.rank === null ? "–" : text(row.rank),
      name: text(row.name),
      bib: text(row.bib),
      team: text(row.team),
      display: text(row.display)
    };
  }

  function teamCells(row) {
    return {
      rank: text(row.rank),
      team: text(row.team),
      gold: text(row.gold),
      silver: text(row.silver),
      bronze: text(row.bronze),
      points: points(row.points)
    };
  }

  function newRow(fields, template) {
    var tr = document.createElement("tr");
    tr.className = "board-row";
    fields.forEach(function (field, index) {
      var td = document.createElement("td");
      td.className = template[index];
      td.setAttribute("data-field", field);
      tr.appendChild(td);
    });
    return tr;
  }

  // Write the rows into a table body, reusing its rows; rows whose text changed glow briefly.
  function fillRows(tbody, rows, fields, cells) {
    var headers = tbody.parentNode.querySelectorAll("thead th");
    var classes = Array.prototype.map.call(headers, function (th) { return th.className; });
    while (tbody.rows.length > rows.length) {
      tbody.removeChild(tbody.lastElementChild);
    }
    rows.forEach(function (row, index) {
      var tr = tbody.rows[index];
      var fresh = !tr;
      if (fresh) {
        tr = tbody.appendChild(newRow(fields, classes));
      }
      var values = cells(row);
      var changed = false;
      fields.forEach(function (field) {
        var td = tr.querySelector('[data-field="' + field + '"]');
        if (td.textContent !== values[field]) {
          td.textContent = values[field];
          changed = true;
        }
      });
      if (changed || fresh) {
        tr.className = "board-row" + (row.rank >= 1 && row.rank <= 3 ? " medal-" + row.rank : "");
      }
      if (changed && !fresh) {
        void tr.offsetWidth; // restart the glow if the row changed again while it still glowed
        tr.classList.add("is-changed");
      }
    });
  }

  function setHidden(element, hidden) {
    if (element && element.hidden !== hidden) {
      element.hidden = hidden;
    }
  }

  function showOfficial(slide, official) {
    setHidden(slide.querySelector("[data-unofficial]"), official);
    setHidden(slide.querySelector("[data-official]"), !official);
  }

  function Board(root) {
    this.root = root;
    this.source = root.getAttribute("data-source");
    this.etag = root.getAttribute("data-etag");
    this.lastContact = Date.now();
    this.current = null;
    this.pausedUntil = 0;
  }

  Board.prototype.slides = function () {
    return Array.prototype.slice.call(this.root.querySelectorAll(".board-slide"));
  };

  Board.prototype.show = function (slide) {
    var board = this;
    this.slides().forEach(function (each) {
      each.classList.toggle("is-current", each === slide);
    });
    this.root.querySelectorAll("[data-show]").forEach(function (button) {
      var selected = button.getAttribute("data-show") === slide.id;
      button.setAttribute("aria-current", selected ? "true" : "false");
      button.parentNode.hidden = board.isEmpty(document.getElementById(button.getAttribute("data-show")));
    });
    this.current = slide;
  };

  Board.prototype.isEmpty = function (slide) {
    return slide.classList.contains("is-empty");
  };

  Board.prototype.next = function () {
    var slides = this.slides().filter(function (slide) {
      return !slide.classList.contains("is-empty");
    });
    if (!slides.length) {
      slides = [document.getElementById("slide-standings")];
    }
    var at = slides.indexOf(this.current);
    this.show(slides[(at + 1) % slides.length]);
  };

  Board.prototype.tick = function () {
    if (Date.now() >= this.pausedUntil) {
      this.next();
    }
  };

  Board.prototype.apply = function (state) {
    var root = this.root;
    var slides = root.querySelectorAll("[data-event]");
    var known = Array.prototype.map.call(slides, function (s) { return s.getAttribute("data-event"); });
    var sent = state.events.map(function (event) { return String(event.id); });
    if (known.join(",") !== sent.join(",")) {
      // Events were added or removed: the page's structure changed, which only a reload shows.
      window.location.reload();
      return;
    }
    root.querySelector("[data-updated]").textContent = state.updated;
    state.events.forEach(function (event) {
      var slide = document.getElementById("slide-event-" + event.id);
      fillRows(slide.querySelector("[data-rows]"), event.rankings, EVENT_FIELDS, eventCells);
      slide.classList.toggle("is-empty", event.rankings.length === 0);
      setHidden(slide.querySelector("[data-empty]"), event.rankings.length > 0);
      slide.querySelector("[data-status]").textContent = event.status_label;
      showOfficial(slide, event.official);
    });
    var standings = document.getElementById("slide-standings");
    fillRows(standings.querySelector("[data-rows]"), state.standings, TEAM_FIELDS, teamCells);
    setHidden(standings.querySelector("[data-empty]"), state.standings.length > 0);
    showOfficial(standings, state.official);
    if (this.current && this.isEmpty(this.current)) {
      this.next();
    } else if (this.current) {
      this.show(this.current);
    }
  };

  Board.prototype.poll = function () {
    var board = this;
    var headers = { Accept: "application/json" };
    if (this.etag) {
      headers["If-None-Match"] = this.etag;
    }
    // A request carrying If-None-Match bypasses the browser cache, so a 304 reaches this code.
    return fetch(this.source, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        var etag = response.headers.get("ETag");
        return response.json().then(function (state) {
          board.apply(state);
          board.etag = etag;
        });
      })
      .then(function () {
        board.lastContact = Date.now();
        setHidden(board.root.querySelector("[data-offline]"), true);
      })
      .catch(function () {
        if (Date.now() - board.lastContact > OFFLINE_AFTER_MS) {
          setHidden(board.root.querySelector("[data-offline]"), false);
        }
      });
  };

  Board.prototype.start = function () {
    var board = this;
    this.root.querySelectorAll("[data-show]").forEach(function (button) {
      button.addEventListener("click", function () {
        board.show(document.getElementById(button.getAttribute("data-show")));
        board.pausedUntil = Date.now() + PAUSE_AFTER_TAP_MS;
      });
    });
    this.show(this.root.querySelector(".board-slide.is-current") || document.getElementById("slide-standings"));
    window.setInterval(function () { board.tick(); }, SLIDE_MS);
    (function loop() {
      board.poll().then(function () { window.setTimeout(loop, POLL_MS); });
    })();
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-board]");
    if (root && window.fetch) {
      new Board(root).start();
    }
  });
})();
