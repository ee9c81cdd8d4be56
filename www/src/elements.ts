// Every element the page's code touches, looked up once by id and typed: a renamed id fails on load,
// not on the first click that needs it.
const get = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
};

export const ui = {
  backend: get('backend'),
  before: get<HTMLCanvasElement>('before'),
  busy: get('busy'),
  camera: get<HTMLButtonElement>('camera'),
  cameraClose: get<HTMLButtonElement>('camera-close'),
  cameraDialog: get<HTMLDialogElement>('camera-dialog'),
  cameraVideo: get<HTMLVideoElement>('camera-video'),
  compare: get('compare'),
  compareSlider: get<HTMLInputElement>('compare-slider'),
  contentPreview: get<HTMLImageElement>('content-preview'),
  download: get<HTMLButtonElement>('download'),
  dropHelp: get('drop-help'),
  dropzone: get('dropzone'),
  file: get<HTMLInputElement>('file'),
  message: get('message'),
  mix: get<HTMLInputElement>('mix'),
  mixRatio: get<HTMLInputElement>('mix-ratio'),
  mixRatioValue: get('mix-ratio-value'),
  mixWith: get<HTMLSelectElement>('mix-with'),
  offline: get('offline'),
  output: get<HTMLCanvasElement>('output'),
  ownStyle: get<HTMLButtonElement>('own-style'),
  progress: get('progress'),
  progressBar: get<HTMLProgressElement>('progress-bar'),
  progressLabel: get('progress-label'),
  reroll: get<HTMLButtonElement>('reroll'),
  samples: get('samples'),
  seed: get<HTMLInputElement>('seed'),
  size: get<HTMLSelectElement>('size'),
  snap: get<HTMLButtonElement>('snap'),
  strength: get<HTMLInputElement>('strength'),
  strengthValue: get('strength-value'),
  styleFile: get<HTMLInputElement>('style-file'),
  styles: get('styles'),
  timing: get('timing'),
  translate: get<HTMLButtonElement>('translate'),
  variations: get('variations'),
};
