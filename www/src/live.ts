// Live: the camera translated as it moves, beside itself, with the page's style, seed and strength.
// One frame at a time, each the camera's latest (the worker never holds two); the camera is released
// when the visitor stops, closes the dialog, leaves or hides the page, or the camera goes away.
import { grabFrame } from 'ace-translate';
import { seed } from './controls';
import { drawInto } from './compare';
import { ui } from './elements';
import { styleList } from './gallery';
import { saveCanvas } from './save';
import type { ModelWorker } from './model-worker';
import { type Actions, state } from './state';
import { showError } from './status';

/** The frame size a visitor starts with: small on the processor, where 64 px runs near 16 frames a second. */
const startSize = () => (ui.backend.dataset.backend === 'webgpu' ? '128' : '64');

let stream: MediaStream | undefined;
/** The running session's number (0: none): a loop whose session was stopped ends, even if a new one has
 * started while its last frame was being translated. */
let session = 0;
let sessions = 0;
/** Frames are read from a video element of their own, outside the page: headless Chromium cannot make
 * a bitmap of a video it is also showing ("could not be allocated"), and the shown one is mirrored. */
const source = Object.assign(document.createElement('video'), { muted: true, playsInline: true });

function release() {
  session = 0;
  stream?.getTracks().forEach((track) => track.stop());
  stream = undefined;
  ui.liveVideo.srcObject = null;
  source.srcObject = null;
  if (ui.liveDialog.open) ui.liveDialog.close();
}

/** Until the camera shows a new frame (a frame is translated once), always through a task of its own. */
function nextFrame(video: HTMLVideoElement): Promise<void> {
  const v = video as HTMLVideoElement & { requestVideoFrameCallback?: (f: () => void) => number };
  return new Promise((shown) => (v.requestVideoFrameCallback ? v.requestVideoFrameCallback(() => shown()) : setTimeout(shown, 0)));
}

async function loop(model: ModelWorker, mine: number) {
  const running = () => session === mine;
  const settings = { ...(await styleList()), strength: Number(ui.strength.value), seeds: [seed() ?? 0] };
  const times: number[] = [];
  let frames = 0;
  while (running()) {
    await nextFrame(source);
    if (!running() || source.videoWidth === 0) continue;
    const size = Number(ui.liveSize.value);
    const content = await grabFrame(source, size);
    const { images: [image] } = await model.translate({ content, ...settings, maxSide: size });
    if (!running()) return;
    drawInto(ui.liveOutput, image);
    ui.liveDownload.disabled = false;
    frames++;
    document.body.dataset.liveFrames = String(frames);
    const now = performance.now();
    times.push(now);
    while (now - times[0] > 2000) times.shift();
    const rate = times.length > 1 ? ((times.length - 1) * 1000) / (now - times[0]) : 0;
    ui.liveRate.textContent = `${rate.toFixed(1)} frames a second at ${image.width}x${image.height}`;
  }
}

/** Opens a camera (the front one, or `deviceId`) and shows it; a camera that goes away is said. */
async function open(deviceId?: string) {
  const video = deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'user' };
  const next = await navigator.mediaDevices.getUserMedia({ video, audio: false });
  stream?.getTracks().forEach((track) => track.stop());
  stream = next;
  stream.getVideoTracks()[0]?.addEventListener('ended', () => {
    release();
    showError(Object.assign(new Error('the camera stopped'), { name: 'CameraLostError' }));
  });
  ui.liveVideo.srcObject = stream;
  source.srcObject = stream;
  await source.play().catch(() => undefined);
}

/** The cameras to choose from (their names are readable once one is open), the open one selected. */
async function listCameras() {
  const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
  const current = stream?.getVideoTracks()[0]?.getSettings().deviceId;
  ui.liveCamera.replaceChildren(...cameras.map((c, i) => new Option(c.label || `Camera ${i + 1}`, c.deviceId, false, c.deviceId === current)));
  ui.liveCameraField.hidden = cameras.length < 2;
}

async function start(model: ModelWorker) {
  if (!state.ready) return;
  document.body.dataset.liveFrames = '0';
  try {
    await open();
  } catch (e) {
    return showError(e); // refused, or no camera: the page works on without it
  }
  await listCameras();
  ui.liveSize.value = startSize();
  ui.liveRate.textContent = 'Starting…';
  ui.liveDownload.disabled = true;
  ui.liveDialog.showModal();
  const mine = (session = ++sessions);
  loop(model, mine).catch((e: unknown) => {
    if (session !== mine) return; // stopped meanwhile: its error is nobody's concern
    release();
    showError(e);
  });
}

export function wireLive(model: ModelWorker, actions: Actions) {
  ui.live.addEventListener('click', () => void start(model));
  ui.liveCamera.addEventListener('change', () =>
    open(ui.liveCamera.value).catch((e: unknown) => {
      release();
      showError(e);
    }));
  ui.liveStop.addEventListener('click', release);
  ui.liveDialog.addEventListener('close', release); // Escape closes it too
  document.addEventListener('visibilitychange', () => document.hidden && release());
  window.addEventListener('pagehide', release);
  ui.liveSnap.addEventListener('click', async () => {
    const frame = await grabFrame(source, Math.max(source.videoWidth, source.videoHeight));
    const canvas = new OffscreenCanvas(frame.width, frame.height);
    canvas.getContext('2d')!.drawImage(frame, 0, 0);
    frame.close();
    release();
    await actions.setContent(new File([await canvas.convertToBlob({ type: 'image/png' })], 'live.png', { type: 'image/png' }));
  });
  ui.liveDownload.addEventListener('click', () => void saveCanvas(ui.liveOutput, `live-seed-${seed()}.png`));
}
