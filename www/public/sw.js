// Offline support: on install, cache the page and everything the build emitted (the list is written by
// vite.config.ts), including the wasm, the weights and the samples. Pages are network-first (a new
// deploy shows up when online), the build's files cache-first (asset names carry content hashes), and
// nothing else is stored.
// Lookups ignore `Vary`: servers such as `vite preview` answer with `Vary: Origin`, the install step
// stores responses fetched without an Origin header, and the page asks for its module script and
// stylesheet with one (crossorigin), so a strict match misses every one of them offline.
const CACHE = 'ace-demo-v1';
const MATCH = { ignoreVary: true };

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const files = await (await fetch('./precache.json', { cache: 'no-store' })).json();
    await cache.addAll(['./', ...files.filter((f) => f !== './index.html'), './index.html']);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE && key.startsWith('ace-demo-')) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).then((response) => {
      // One copy of the page, whatever its address asks (?model=...): stored without the query.
      const copy = response.clone();
      const page = new URL(request.url);
      page.search = '';
      caches.open(CACHE).then((cache) => cache.put(page.href, copy));
      return response;
    }).catch(async () => (await caches.match(request, { ...MATCH, ignoreSearch: true })) ?? caches.match('./', MATCH)));
    return;
  }
  // Only what the install step stored comes from the cache. Anything else (a visitor's own model named
  // in ?model=, its manifest) goes to the network and is never stored: a visitor's file stays theirs.
  event.respondWith(caches.match(request, MATCH).then((hit) => hit ?? fetch(request)));
});
