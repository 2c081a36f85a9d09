// Check-in by camera: the tablet reads the rider's QR with the browser's own BarcodeDetector and
// sends the code through the same form staff type bib numbers into, without reloading the page,
// so the camera keeps running between riders. Without BarcodeDetector, a camera or https, the
// typed form (and any USB or Bluetooth scanner that types into it) is all there is.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var button = document.getElementById("camera-start");
  var video = document.getElementById("camera-video");
  var note = document.getElementById("camera-note");
  var panel = document.getElementById("checkin-result");
  if (!form || !button || !video) {
    return;
  }
  var canScan = "BarcodeDetector" in window && window.isSecureContext &&
    navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function";
  if (!canScan) {
    note.hidden = false;
    return;
  }

  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var stream = null;
  var lastCode = "";
  var lastAt = 0;
  var REPEAT_MS = 4000; // the same QR stays in front of the lens for several frames
  button.hidden = false;

  function show(answer) {
    panel.className = "checkin-result result-" + answer.status;
    panel.textContent = answer.message;
    if (typeof answer.checked === "number") {
      document.getElementById("checkin-count").textContent = String(answer.checked);
      document.getElementById("checkin-total").textContent = String(answer.total);
    }
    if (answer.status === "checked_in") {
      var item = document.createElement("li");
      var bib = document.createElement("span");
      bib.className = "bib-small";
      bib.textContent = String(answer.bib);
      item.appendChild(bib);
      item.appendChild(document.createTextNode(" " + answer.name + " " + answer.time));
      var list = document.getElementById("checkin-recent");
      list.insertBefore(item, list.firstChild);
    }
  }

  function send(code) {
    var data = new FormData(form);
    data.set("code", code);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(show).catch(function () {
      // Network trouble: hand the code to the plain form, which reports it on a new page.
      form.elements.code.value = code;
      form.submit();
    });
  }

  function scan() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      if (codes.length && (codes[0].rawValue !== lastCode || now - lastAt > REPEAT_MS)) {
        lastCode = codes[0].rawValue;
        lastAt = now;
        return send(lastCode);
      }
      return null;
    }).catch(function () {
      return null;
    }).then(function () {
      window.setTimeout(scan, 250);
    });
  }

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    video.hidden = true;
    button.textContent = button.dataset.start;
  }

  button.addEventListener("click", function () {
    if (stream) {
      stop();
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        button.textContent = button.dataset.stop;
        return video.play();
      })
      .then(scan)
      .catch(function () {
        stop();
        note.hidden = false;
      });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      stop();
    }
  });
}());
