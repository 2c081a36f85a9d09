// Keeps the referee pages for reloads without a network: registers the service worker
// (/ref/sw.js) and hands it this page and every file it loaded, imported modules included.

// Requests a page makes itself (results, list refreshes) are answers, not files to keep.
const NOT_FILES = new Set(["fetch", "xmlhttprequest", "beacon"]);

function pageFiles() {
  const tagged = Array.from(
    document.querySelectorAll("link[rel=stylesheet], script[src]"),
    (element) => element.href || element.src,
  );
  // No tag names an imported module (a sport's pad and its helpers): the browser's list does.
  const loaded = performance.getEntriesByType("resource")
    .filter((entry) => !NOT_FILES.has(entry.initiatorType))
    .map((entry) => entry.name);
  return [location.href, ...new Set(tagged.concat(loaded))];
}

// Call once the page has loaded everything it needs. Service workers need a secure context
// (https, or localhost): on a venue laptop reached over plain http they are missing, and only
// the outbox itself survives a reload while offline.
export function keepOffline() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) {
    return;
  }
  navigator.serviceWorker.register("/ref/sw.js", { scope: "/ref/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active.postMessage({ cache: pageFiles() }))
    .catch(() => { /* the page works without it */ });
}
