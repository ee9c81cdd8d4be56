// Which backend runs: `auto` uses WebGPU only when it will be faster and big enough, else the CPU
// backend (burn's flex, compiled to wasm), and always says why.

import { WebGPUUnavailableError } from './errors.js';

export type Backend = 'auto' | 'webgpu' | 'cpu';
/** Why a backend runs, as a code a page can switch on (`reason` says the same in words, with details). */
export type BackendWhy = 'requested' | 'hardware-gpu' | 'no-webgpu' | 'no-adapter' | 'software-adapter' | 'buffer-too-small';
export interface BackendChoice {
  name: 'webgpu' | 'cpu';
  why: BackendWhy;
  /** Why this backend runs, in words for developers (logs, tooltips). */
  reason: string;
  /** The WebGPU adapter as the browser describes it ("" when none was probed). */
  adapter: string;
  /** The largest GPU buffer the adapter allows (Infinity on the CPU backend). */
  maxBufferBytes: number;
}

/** The largest tensor is VGG's first block at full size: 64 channels of f32 per pixel. */
export function requiredStorageBytes(width: number, height = width): number {
  return 64 * 4 * width * height;
}

interface AdapterLike {
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
  isFallbackAdapter?: boolean;
}

async function adapter(): Promise<AdapterLike | null | 'missing'> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(o?: object): Promise<AdapterLike | null> } } | undefined)?.gpu;
  if (!gpu) return 'missing';
  try {
    return await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return null;
  }
}

export async function chooseBackend(requested: Backend, maxSide: number): Promise<BackendChoice> {
  const cpu = (why: BackendWhy, reason: string, adapter = ''): BackendChoice => ({ name: 'cpu', why, reason, adapter, maxBufferBytes: Infinity });
  if (requested === 'cpu') return cpu('requested', 'the CPU backend was requested');
  const found = await adapter();
  if (requested === 'webgpu') {
    if (found === 'missing') throw new WebGPUUnavailableError('this browser has no WebGPU (navigator.gpu is missing)');
    if (found === null) throw new WebGPUUnavailableError('WebGPU is present but gave no adapter (blocked, or no usable GPU)');
    return { name: 'webgpu', why: 'requested', reason: 'WebGPU was requested', adapter: describe(found), maxBufferBytes: bufferLimit(found) };
  }
  if (found === 'missing') return cpu('no-webgpu', 'this browser has no WebGPU');
  if (found === null) return cpu('no-adapter', 'WebGPU gave no adapter (blocked, or no usable GPU)');
  if (isFallback(found)) return cpu('software-adapter', 'the only WebGPU adapter is a software fallback, slower than the CPU backend', describe(found));
  const need = requiredStorageBytes(maxSide);
  const limit = bufferLimit(found);
  if (limit < need) {
    return cpu('buffer-too-small', `the GPU's largest buffer (${mib(limit)}) is smaller than a ${maxSide}px photo needs (${mib(need)})`, describe(found));
  }
  const name = describe(found);
  return { name: 'webgpu', why: 'hardware-gpu', reason: `a hardware WebGPU adapter is available (${name})`, adapter: name, maxBufferBytes: limit };
}

const bufferLimit = (a: AdapterLike) => Math.min(a.limits.maxStorageBufferBindingSize, a.limits.maxBufferSize);
const isFallback = (a: AdapterLike) => Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter);

function describe(a: AdapterLike): string {
  const name = [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return isFallback(a) ? `${name} (software fallback)` : name;
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
