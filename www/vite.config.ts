import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Every file under `dir`, at any depth. */
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

// The service worker (public/sw.js) precaches exactly what the site serves, so one visit is enough for
// the page to work offline: everything the build emitted plus the files copied from public/ (the
// samples, the styles, the icons). This writes that list.
function precacheList(): Plugin {
  let publicDir = '';
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

// Every file the site serves, also stored compressed beside it (`x.br`, `x.gz`) at the strongest
// settings, for a host that serves precompressed files (docs/hosting.md): a static host compressing on
// the fly uses fast settings or none (vite preview sends the 14 MB wasm as it is). Written only where
// compression saves a tenth: JPEGs and WebPs gain nothing.
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'ace-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const file of walk(outDir).filter((f) => !/\.(br|gz)$/.test(f))) {
        const body = readFileSync(file);
        const brotli = brotliCompressSync(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        });
        if (brotli.length > 0.9 * body.length) continue;
        writeFileSync(`${file}.br`, brotli);
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
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
  plugins: [precacheList(), precompress()],
});
