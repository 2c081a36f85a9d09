// Check-in by camera: the tablet reads the rider's QR with the browser's own BarcodeDetector and
// sends the code through the same form staff type bib numbers into, without reloading the page,
// so the camera keeps running between riders. Without BarcodeDetector, a camera or https, the
// typed form (and any USB or Bluetooth scanner that types into it) is all there is.

const REPEAT_MS = 4000; // the same QR stays in front of the lens for several frames

const form = document.getElementById("checkin-form");
const button = document.getElementById("camera-start");
const video = document.getElementById("camera-video");
const note = document.getElementById("camera-note");
const panel = document.getElementById("checkin-result");

function show(answer) {
  panel.className = "checkin-result result-" + answer.status;
  panel.textContent = answer.message;
  if (typeof answer.checked === "number") {
    document.getElementById("checkin-count").textContent = String(answer.checked);
    document.getElementById("checkin-total").textContent = String(answer.total);
  }
  if (answer.status === "checked_in") {
    const item = document.createElement("li");
    const bib = document.createElement("span");
    bib.className = "bib-small";
    bib.textContent = String(answer.bib);
    item.appendChild(bib);
    item.appendChild(document.createTextNode(" " + answer.name + " " + answer.time));
    const list = document.getElementById("checkin-recent");
    list.insertBefore(item, list.firstChild);
  }
}

function send(code) {
  const data = new FormData(form);
  data.set("code", code);
  return fetch(form.action, {
    method: "POST",
    body: data,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  }).then((response) => {
    if (!response.ok) {
      throw new Error("HTTP " + response.status);
    }
    return response.json();
  }).then(show).catch(() => {
    // Network trouble: hand the code to the plain form, which reports it on a new page.
    form.elements.code.value = code;
    form.submit();
  });
}

function startCamera() {
  const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  let stream = null;
  let lastCode = "";
  let lastAt = 0;
  button.hidden = false;

  function scan() {
    if (!stream) {
      return;
    }
    detector.detect(video).then((codes) => {
      const now = Date.now();
      if (codes.length && (codes[0].rawValue !== lastCode || now - lastAt > REPEAT_MS)) {
        lastCode = codes[0].rawValue;
        lastAt = now;
        return send(lastCode);
      }
      return null;
    }).catch(() => null).then(() => {
      window.setTimeout(scan, 250);
    });
  }

  function stop() {
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
    }
    stream = null;
    video.hidden = true;
    button.textContent = button.dataset.start;
  }

  button.addEventListener("click", () => {
    if (stream) {
      stop();
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then((media) => {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        button.textContent = button.dataset.stop;
        return video.play();
      })
      .then(scan)
      .catch(() => {
        stop();
        note.hidden = false;
      });
  });
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      stop();
    }
  });
}

if (form && button && video) {
  const canScan = "BarcodeDetector" in window && window.isSecureContext &&
    navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function";
  if (canScan) {
    startCamera();
  } else {
    note.hidden = false;
  }
}
