// The visitor's own model (a file `ace fine-tune` or `ace export` wrote): chosen with the picker or
// dropped anywhere on the page, with its .json manifest when one comes along, or named by address in
// `?model=` (same-origin, or a host that allows other sites to read it); and back to the default.
import { ui } from './elements';
import type { ModelChoice } from './protocol';
import { ownModelMessage } from './messages';
import { type Actions, state } from './state';
import { showError } from './status';

const PARAM = 'model';
/** A manifest is a few hundred bytes: a bigger ".json" is not one, and is not read. */
const MANIFEST_MAX_BYTES = 64 * 1024;

const isManifest = (file: File) => /\.json$/i.test(file.name);
/** Whether a dropped file is a model (or its manifest) rather than a photo. */
export const isModelFile = (file: File) => /\.(safetensors|json)$/i.test(file.name);

const refusal = (name: string, message: string) => Object.assign(new Error(message), { name });

async function manifestText(file: File): Promise<string> {
  if (file.size > MANIFEST_MAX_BYTES) throw refusal('ModelChoiceError', `${file.name} is too large to be a manifest (${file.size} bytes).`);
  return file.text();
}

/** Files chosen or dropped as one model: the weights, and the manifest's text when a .json came too. */
async function fromFiles(files: File[]): Promise<ModelChoice> {
  const weights = files.filter((f) => !isManifest(f));
  const manifests = files.filter(isManifest);
  if (weights.length !== 1 || manifests.length > 1) {
    throw refusal('ModelChoiceError', 'Choose one model file (.safetensors), with its .json manifest if you have it.');
  }
  return { file: weights[0], name: weights[0].name, manifest: manifests[0] && (await manifestText(manifests[0])) };
}

/** `?model=<address>`: http(s) only; the manifest beside it (`<address>.json`) when the host has one. */
async function fromAddress(value: string): Promise<ModelChoice> {
  let url: URL;
  try {
    url = new URL(value, location.href);
  } catch {
    throw refusal('ModelAddressError', `"${value}" (in ?${PARAM}=) is not an address.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refusal('ModelAddressError', `A model can come from an http or https address, not ${url.protocol} (in ?${PARAM}=).`);
  }
  const manifestUrl = new URL(url);
  manifestUrl.pathname += '.json';
  return { url: url.href, manifest: await optionalText(manifestUrl) };
}

/** The text at `url`, or undefined when there is none (a model without a manifest loads unverified);
 * past `MANIFEST_MAX_BYTES`, announced or streamed, it is not a manifest. */
async function optionalText(url: URL): Promise<string | undefined> {
  const response = await fetch(url, { cache: 'no-store' }).catch(() => undefined);
  if (!response?.ok || !response.body) return undefined;
  const tooLarge = () => refusal('ModelChoiceError', `${url} is too large to be a manifest.`);
  if (Number(response.headers.get('content-length')) > MANIFEST_MAX_BYTES) throw tooLarge();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    length += read.value.byteLength;
    if (length > MANIFEST_MAX_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** The model the address asks for (`?model=`), if any; a bad address rejects. */
export function modelInAddress(): Promise<ModelChoice | undefined> {
  const value = new URLSearchParams(location.search).get(PARAM);
  return value ? fromAddress(value) : Promise.resolve(undefined);
}

/** Back to the default: the address loses `?model=`, so a reload does not bring the other back. */
function forgetAddress() {
  const url = new URL(location.href);
  if (!url.searchParams.has(PARAM)) return;
  url.searchParams.delete(PARAM);
  history.replaceState(null, '', url);
}

export function wireOwnModel(actions: Actions) {
  const take = (files: File[]) =>
    fromFiles(files).then(actions.useModel, (e: unknown) => showError(e, undefined, (error) => ownModelMessage(error, state.ready)));
  ui.ownModel.addEventListener('click', () => ui.modelFile.click());
  ui.modelFile.addEventListener('change', () => {
    const files = [...(ui.modelFile.files ?? [])];
    ui.modelFile.value = '';
    if (files.length) void take(files);
  });
  // Anywhere on the page: the photo's drop zone leaves model files to this.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    const files = [...(e.dataTransfer?.files ?? [])];
    if (!files.some(isModelFile)) return;
    e.preventDefault();
    void take(files);
  });
  ui.defaultModel.addEventListener('click', () => {
    forgetAddress();
    void actions.useModel(undefined);
  });
}
