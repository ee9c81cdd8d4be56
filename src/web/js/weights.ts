// Getting the weights file: from the Cache API when it holds a verified copy, else downloaded with
// progress events and stored there (in memory when storage is refused or full). Every copy, cached or
// fresh, is checked against its sha256 before use, and no file over the size cap is read whole: a URL's
// announced length is checked before its body, and the body while it streams.

import { InvalidOptionError, NetworkError, WeightsError } from './errors.js';
import { detachedMessage, isDetached } from './inputs.js';

export type Stage = 'download' | 'cache' | 'compile' | 'warmup' | 'ready';
export interface Progress {
  stage: Stage;
  /** Bytes so far (download/cache), or 0/1 for the other stages. */
  loaded: number;
  /** Total bytes when known, else 0. */
  total: number;
}
export type OnProgress = (progress: Progress) => void;

/** A weights file to load: a URL, bytes in hand, or a key under which a copy was cached. */
export type WeightsSource = string | URL | ArrayBuffer | ArrayBufferView | Blob | { cacheKey: string };

export interface Expected {
  /** Lowercase hex sha256; when given, a file that differs is a `WeightsError`. */
  sha256?: string;
  size?: number;
  /** The largest file accepted, in bytes. */
  maxBytes: number;
}

/** A weights file that passed its checks, with the sha256 of its bytes. */
export interface Verified {
  bytes: Uint8Array;
  sha256: string;
}

const CACHE_NAME = 'ace-weights-v1';
const memory = new Map<string, Uint8Array>();

function cacheKey(source: string | URL): string {
  // The Cache API keys on requests: a cache key that is not a URL becomes one under a private scheme-
  // like path, resolved against the page so it is a valid request URL.
  const href = source instanceof URL ? source.href : source;
  return new URL(href, (globalThis as { location?: Location }).location?.href ?? 'http://localhost/').href;
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(CACHE_NAME);
  } catch {
    return undefined; // storage refused (private mode, opaque origin): memory only
  }
}

type Digest = (bytes: Uint8Array) => Promise<string>;

/** `bytes`: the file's size, when known before it is read (undefined: its download was stopped at the cap). */
function tooLarge(where: string, bytes: number | undefined, maxBytes: number): WeightsError {
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const limit = `the limit of ${mb(maxBytes)} (the maxBytes option)`;
  return new WeightsError(bytes === undefined
    ? `the weights file from ${where} goes on past ${limit}: its download was stopped there`
    : `the weights file from ${where} has ${mb(bytes)}, over ${limit}`);
}

async function check(bytes: Uint8Array, expected: Expected, where: string, digest: Digest): Promise<Verified> {
  if (bytes.byteLength === 0) throw new WeightsError(`the weights file from ${where} is empty`);
  if (bytes.byteLength > expected.maxBytes) throw tooLarge(where, bytes.byteLength, expected.maxBytes);
  if (expected.size !== undefined && bytes.byteLength !== expected.size) {
    throw new WeightsError(`the weights file from ${where} has ${bytes.byteLength} bytes, expected ${expected.size}`);
  }
  const sha256 = await digest(bytes);
  if (expected.sha256 !== undefined && sha256 !== expected.sha256.toLowerCase()) {
    throw new WeightsError(`the weights file from ${where} fails its checksum (sha256 ${sha256}, expected ${expected.sha256})`);
  }
  return { bytes, sha256 };
}

export async function fetchWeights(
  source: WeightsSource,
  expected: Expected,
  onProgress: OnProgress,
  useCache: boolean,
  digest: Digest,
): Promise<Verified> {
  let given = 'the given bytes';
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    given = typeof File !== 'undefined' && source instanceof File && source.name ? source.name : 'the given file';
    // Refused before a byte is read: a picked file can be any size.
    if (source.size > expected.maxBytes) throw tooLarge(given, source.size, expected.maxBytes);
    source = new Uint8Array(await source.arrayBuffer());
  }
  // Anything else would be turned into a URL string and fetched ("[object Blob]", "42").
  const isCacheKey = typeof source === 'object' && source !== null && typeof (source as { cacheKey?: unknown }).cacheKey === 'string';
  if (!(typeof source === 'string' || source instanceof URL || source instanceof ArrayBuffer || ArrayBuffer.isView(source) || isCacheKey)) {
    throw new InvalidOptionError(`a weights source is a URL, bytes, a Blob or { cacheKey }, not ${source === null ? 'null' : typeof source}`);
  }
  if ((source instanceof ArrayBuffer || ArrayBuffer.isView(source)) && isDetached(source)) {
    throw new InvalidOptionError(detachedMessage('the weights'));
  }
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return check(bytes, expected, given, digest);
  }
  const isKey = typeof source === 'object' && 'cacheKey' in source && !(source instanceof URL);
  const key = cacheKey(isKey ? (source as { cacheKey: string }).cacheKey : (source as string | URL));

  if (useCache) {
    const cached = await readCached(key);
    if (cached) {
      onProgress({ stage: 'cache', loaded: cached.byteLength, total: cached.byteLength });
      try {
        return await check(cached, expected, 'the cache', digest);
      } catch (e) {
        await forget(key); // a damaged or stale copy: drop it and download again
        if (isKey) throw e;
      }
    }
  }
  if (isKey) throw new WeightsError(`nothing is cached under ${key}`);

  const bytes = await download(key, expected, onProgress);
  const verified = await check(bytes, expected, key, digest);
  if (useCache) await store(key, bytes, onProgress);
  return verified;
}

async function readCached(key: string): Promise<Uint8Array | undefined> {
  const cache = await openCache();
  const response = cache ? await cache.match(key).catch(() => undefined) : undefined;
  if (response) return new Uint8Array(await response.arrayBuffer());
  return memory.get(key);
}

async function store(key: string, bytes: Uint8Array, onProgress: OnProgress): Promise<void> {
  onProgress({ stage: 'cache', loaded: 0, total: bytes.byteLength });
  const cache = await openCache();
  try {
    if (!cache) throw new Error('no Cache API');
    const body = new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
    await cache.put(key, new Response(body, { headers: { 'content-length': String(bytes.byteLength) } }));
  } catch {
    memory.set(key, bytes); // quota exceeded or storage refused: keep it for this page's lifetime
  }
  onProgress({ stage: 'cache', loaded: bytes.byteLength, total: bytes.byteLength });
}

async function forget(key: string): Promise<void> {
  memory.delete(key);
  const cache = await openCache();
  await cache?.delete(key).catch(() => false);
}

/** `fetch`, with a failed request or an HTTP error as a `NetworkError` that says what was wanted. */
export async function fetchOk(url: string | URL, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new NetworkError(`could not download ${what} from ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (!response.ok) throw new NetworkError(`could not download ${what} from ${url}: HTTP ${response.status}`);
  return response;
}

async function download(url: string, expected: Expected, onProgress: OnProgress): Promise<Uint8Array> {
  const response = await fetchOk(url, 'the weights');
  const announced = Number(response.headers.get('content-length'));
  // A compressed response announces fewer bytes than the file has: still too many is too many.
  if (announced > expected.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(url, announced, expected.maxBytes);
  }
  // The manifest's size first: a host that compresses the file announces the compressed length, and a
  // progress total that grows midway would read as a second download.
  const total = expected.size || announced;
  const report = (loaded: number, total: number) => onProgress({ stage: 'download', loaded, total });
  return readAll(response, total, report, { bytes: expected.maxBytes, error: () => tooLarge(url, undefined, expected.maxBytes) });
}

/** A response's body, reporting the bytes read so far against `total` (its announced size); past
 * `limit.bytes` the download is cancelled and `limit.error()` thrown. */
export async function readAll(
  response: Response,
  total: number,
  report: (loaded: number, total: number) => void,
  limit?: { bytes: number; error: () => Error },
): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.byteLength, bytes.byteLength);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  report(loaded, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    if (limit && loaded > limit.bytes) {
      await reader.cancel().catch(() => undefined);
      throw limit.error();
    }
    report(loaded, Math.max(total, loaded));
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Whether a verified-or-not copy of the weights at `source` is cached (Cache API or memory). */
export async function isCached(source: string | URL | { cacheKey: string }): Promise<boolean> {
  const key = cacheKey(typeof source === 'object' && 'cacheKey' in source && !(source instanceof URL) ? source.cacheKey : (source as string | URL));
  return (await readCached(key)) !== undefined;
}

/** Drops every cached weights file. */
export async function clearCache(): Promise<void> {
  memory.clear();
  if (typeof caches !== 'undefined') await caches.delete(CACHE_NAME).catch(() => false);
}
