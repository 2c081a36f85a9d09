/* The referee tablet's service worker, served as /ref/sw.js so that it looks after the pages
   under /ref/. It keeps a copy of each referee page and of the static files they use (stylesheet,
   the page's modules, the sport's pad module and its helpers under /static/sports/), and serves
   the copy only when the network fails: a tablet that reloads while the Wi-Fi is down still gets
   its page, and the page's outbox (localStorage) sends the waiting results once it is back.
   Results themselves never pass through here: only GETs are answered. */
"use strict";

// A new name when the set of files changes: activating drops the copies of files gone.
const CACHE = "meet-referee-v2";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () { return self.clients.claim(); })
  );
});

// The page asks for itself and its files to be kept (static/js/referee/offline.js): it was
// loaded before this worker ran.
self.addEventListener("message", function (event) {
  const urls = (event.data && event.data.cache) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.filter(kept).map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? cache.put(url, response) : null;
      }).catch(function () { return null; });
    }));
  }));
});

function kept(url) {
  const parsed = new URL(url, self.location.href);
  if (parsed.origin !== self.location.origin) {
    return false;
  }
  return parsed.pathname.startsWith("/static/") ||
    (parsed.pathname.startsWith("/ref/") && !parsed.pathname.endsWith("/rows") &&
     parsed.pathname !== "/ref/sw.js");
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET" || !kept(request.url)) {
    return;
  }
  if (request.mode !== "navigate" && !new URL(request.url).pathname.startsWith("/static/")) {
    return;
  }
  // Network first: a referee always sees the latest list when the network is there.
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
