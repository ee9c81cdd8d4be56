import { defineConfig, type Plugin } from 'vite';

// The service worker (public/sw.js) precaches exactly what the build emitted, so one visit is enough
// for the page to work offline. This writes that list.
function precacheList(): Plugin {
  return {
    name: 'ace-precache-list',
    apply: 'build',
    generateBundle(_, bundle) {
      const files = Object.keys(bundle).map((f) => `./${f}`);
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(files) });
    },
  };
}

export default defineConfig({
  base: './',
  // Pre-bundling would move the package away from its wasm and weights (new URL(..., import.meta.url)).
  optimizeDeps: { exclude: ['ace-translate'] },
  worker: { format: 'es' },
  build: { target: 'es2022', assetsInlineLimit: 0 },
  plugins: [precacheList()],
});
