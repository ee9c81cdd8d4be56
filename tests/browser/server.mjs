// A static file server for the browser tests: serves the repository root (pkg/, assets/, this folder)
// plus extra folders mounted under a prefix, and counts the requests per path so a test can say "the
// second load fetched no weights" (`?chunked` sends a file without its length). With `{ host: true }` it serves a built site the way docs/hosting.md
// tells a host to: the precompressed file the browser accepts (`x.br`, else `x.gz`), content-hashed
// assets cached for good, everything else revalidated by ETag; and it counts the bytes it sends.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.txt': 'text/plain',
  '.safetensors': 'application/octet-stream',
};

export async function serve(root, mounts = {}, { host = false } = {}) {
  const hits = new Map();
  let bytesSent = 0;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    let base = root;
    let rel = path;
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (path.startsWith(prefix)) {
        base = dir;
        rel = path.slice(prefix.length);
      }
    }
    const file = resolve(join(base, normalize(rel.endsWith('/') ? `${rel}index.html` : rel)));
    if (!file.startsWith(resolve(base))) return void res.writeHead(403).end();
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const type = types[extname(file)] ?? 'application/octet-stream';
      if (host) {
        const sent = await sendAsHosted(req, res, file, info, type, path); // then added: `+= await` would race
        bytesSent += sent;
        return;
      }
      const body = await readFile(file);
      // `?chunked`: no announced length, the body in pieces (a host that streams, for the size-cap tests).
      if (new URL(req.url, 'http://x').searchParams.has('chunked')) {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        for (let at = 0; at < body.length; at += 65536) res.write(body.subarray(at, at + 65536));
        return void res.end();
      }
      res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://localhost:${port}`, hits, bytesSent: () => bytesSent, close: () => new Promise((ok) => server.close(ok)) };
}

/** docs/hosting.md's configuration; returns the body bytes sent. */
async function sendAsHosted(req, res, file, info, type, path) {
  const accepts = req.headers['accept-encoding'] ?? '';
  let encoding;
  for (const [name, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!encoding && new RegExp(`\\b${name}\\b`).test(accepts) && (await stat(file + suffix).catch(() => null))?.isFile()) encoding = [name, suffix];
  }
  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}${encoding ? `-${encoding[0]}` : ''}"`;
  const headers = {
    'content-type': type,
    vary: 'Accept-Encoding',
    etag,
    // Vite puts a content hash in every name under assets/: such a file never changes.
    'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(encoding ? { 'content-encoding': encoding[0] } : {}),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return 0;
  }
  const body = await readFile(encoding ? file + encoding[1] : file);
  res.writeHead(200, { ...headers, 'content-length': body.length }).end(body);
  return body.length;
}
