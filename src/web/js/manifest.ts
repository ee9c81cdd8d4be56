// The manifest `ace export` and `ace fine-tune` write beside a weights file (`<file>.json`): its size
// and sha256, which `Translator.load` checks the file against when it is given one.

import { WeightsError } from './errors.js';

export interface ModelManifest {
  /** The weights file's name when it was exported. */
  file: string;
  size: number;
  /** Lowercase hex sha256 of the whole file. */
  sha256: string;
  /** The same digest as Subresource Integrity (`sha256-<base64>`). */
  integrity?: string;
  /** Always `ace`. */
  format: string;
  version: number;
}

/** A parsed manifest (an object, or its JSON text) checked field by field; a `WeightsError` says which
 * field is wrong. The file's name is not compared: a download renamed on the way is the same model. */
export function readManifest(value: unknown): ModelManifest {
  let manifest = value;
  if (typeof value === 'string') {
    try {
      manifest = JSON.parse(value);
    } catch (e) {
      throw new WeightsError(`the manifest is not JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  if (typeof manifest !== 'object' || manifest === null) throw new WeightsError('the manifest is not a JSON object');
  const m = manifest as Record<string, unknown>;
  const wrong = (field: string, what: string) => new WeightsError(`the manifest's ${field} is not ${what}: ${JSON.stringify(m[field])}`);
  if (m.format !== 'ace') throw wrong('format', '"ace" (it describes another kind of file)');
  if (!Number.isSafeInteger(m.size) || (m.size as number) <= 0) throw wrong('size', 'a positive whole number of bytes');
  if (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(m.sha256)) throw wrong('sha256', '64 hex digits');
  if (typeof m.file !== 'string') throw wrong('file', 'a file name');
  if (!Number.isSafeInteger(m.version)) throw wrong('version', 'a whole number');
  return { ...(m as unknown as ModelManifest), sha256: (m.sha256 as string).toLowerCase() };
}
