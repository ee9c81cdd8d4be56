import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

// The service worker (public/sw.js) precaches exactly what the site serves, so one visit is enough for
// the page to work offline: everything the build emitted plus the files copied from public/ (the
// samples, the styles, the icons). This writes that list.
function precacheList(): Plugin {
  let publicDir = '';
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  return {
    name: 'ace-precache-list',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_, bundle) {
      const copied = publicDir ? walk(publicDir).map((f) => relative(publicDir, f).split('\\').join('/')) : [];
      const files = [...Object.keys(bundle), ...copied.filter((f) => f !== 'sw.js' && !f.endsWith('.md'))].map((f) => `./${f}`);
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(files) });
    },
  };
}

export default defineConfig({
  base: './',
  // Pre-bundling would move the package away from its wasm and weights (new URL(..., import.meta.url)).
  optimizeDeps: { exclude: ['ace-translate'] },
  // `ace-translate` is linked from ../pkg (file: dependency); the dev server may serve its wasm and weights.
  server: { fs: { allow: ['.', '../pkg'] } },
  worker: { format: 'es' },
  build: { target: 'es2022', assetsInlineLimit: 0 },
  plugins: [precacheList()],
});
