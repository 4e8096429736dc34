/** The Restyle panel's page. Talks to the extension host only through the shared protocol. */
import { formatBytes } from '../shared/formatBytes';
import type { FromWebview, ImageView, PanelOptions, PanelParams, SourceView, ToWebview } from '../shared/protocol';
import { jpegReplacedByPng, plannedRoute } from '../shared/route';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): Partial<PanelParams> | undefined;
  setState(state: Partial<PanelParams>): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const app = element<HTMLElement>('app');
const form = element<HTMLFormElement>('form');
const prompt = element<HTMLTextAreaElement>('prompt');
const strength = element<HTMLInputElement>('strength');
const strengthValue = element<HTMLOutputElement>('strength-value');
const format = element<HTMLSelectElement>('format');
const formatNote = element<HTMLSpanElement>('format-note');
const keepPalette = element<HTMLInputElement>('keep-palette');
const keepPaletteField = element<HTMLLabelElement>('keep-palette-field');
const generateButton = element<HTMLButtonElement>('generate');
const cancelButton = element<HTMLButtonElement>('cancel');
const progress = element<HTMLDivElement>('progress');
const status = element<HTMLParagraphElement>('status');
const sourcesSection = element<HTMLElement>('sources');
const isMac = navigator.platform.toUpperCase().includes('MAC');
element<HTMLSpanElement>('shortcut').textContent = isMac ? '⌘Enter' : 'Ctrl+Enter';

/** Images up to this size are shown scaled up with hard pixel edges (sprites, icons, tiles). */
const SMALL_IMAGE_PX = 256;
/** The box a sprite is zoomed into, by a whole factor, the same for the source and its variant. */
const ZOOM_BOX_PX = { width: 320, height: 240 };

let running = false;
let options: PanelOptions = { outputSize: 'source', keepTransparency: true };
const sources = new Map<number, SourceView>();

function currentParams(): PanelParams {
  return { prompt: prompt.value, strength: Number(strength.value), format: format.value === 'jpeg' ? 'jpeg' : 'png', keepPalette: keepPalette.checked && !keepPalette.disabled };
}

/** The palette checkbox is offered when a source has at most 256 colours; the JPEG note when PNG must be used instead. */
function updateOptionControls(): void {
  const known = [...sources.values()].filter((s) => s.facts);
  const withPalette = known.filter((s) => s.facts?.colours !== undefined);
  keepPalette.disabled = withPalette.length === 0;
  keepPaletteField.classList.toggle('disabled', keepPalette.disabled);
  keepPaletteField.title = keepPalette.disabled
    ? known.length ? 'Offered only for sources with at most 256 colours: this one has more.' : 'Offered once the source is read, for sources with at most 256 colours.'
    : `Maps every pixel of the variant to the nearest of the source's ${withPalette.map((s) => s.facts?.colours).join(', ')} colours.`;
  const params = currentParams();
  const replaced = known.some((s) => jpegReplacedByPng(!!s.facts?.hasAlpha, { ...options, format: params.format }));
  formatNote.hidden = !replaced;
  formatNote.textContent = replaced ? 'PNG is used to keep transparency' : '';
  for (const source of sources.values()) {
    const line = sourcesSection.querySelector<HTMLElement>(`[data-id="${source.id}"] .route`);
    if (line && source.facts && source.state.kind !== 'done') line.textContent = plannedRoute(source.facts, { ...options, ...params });
  }
}

function saveDraft(): void {
  vscode.setState(currentParams());
  updateOptionControls();
}

function showStrength(): void {
  strengthValue.textContent = Number(strength.value).toFixed(2);
}

function generate(only?: number): void {
  if (running) return;
  const params = currentParams();
  if (!params.prompt.trim()) {
    status.textContent = 'Describe the style you want in the prompt.';
    prompt.focus();
    return;
  }
  setRunning(true); // at once, so a second click or Ctrl+Enter cannot send a second request
  vscode.postMessage({ type: 'generate', ...params, ...(only === undefined ? {} : { only }) });
}

function setRunning(value: boolean): void {
  running = value;
  app.setAttribute('aria-busy', String(value));
  generateButton.disabled = value;
  cancelButton.hidden = !value;
  progress.hidden = !value;
  for (const button of sourcesSection.querySelectorAll<HTMLButtonElement>('button[data-action="again"]')) button.disabled = value;
}

function describe(image: ImageView): string {
  const size = image.width && image.height ? `${image.width} × ${image.height} px · ` : '';
  return `${size}${formatBytes(image.bytes)}`;
}

/** The whole-number zoom a small source is shown at (its variant gets the same), or undefined for photos. */
function spriteZoom(source: SourceView): number | undefined {
  const { width, height } = source.facts ?? source.image;
  if (!width || !height || Math.max(width, height) > SMALL_IMAGE_PX) return undefined;
  return Math.max(1, Math.floor(Math.min(ZOOM_BOX_PX.width / width, ZOOM_BOX_PX.height / height)));
}

function figure(image: ImageView, label: string, display?: { width: number; height: number }): HTMLElement {
  const fig = document.createElement('figure');
  const frame = document.createElement('div');
  frame.className = 'frame';
  const img = document.createElement('img');
  img.src = image.src;
  img.alt = `${label}: ${image.name}`;
  if (display) {
    // Crisp pixels at one zoom for source and variant (CSSOM styles are allowed by the page's CSP).
    img.className = 'sprite';
    img.style.width = `${display.width}px`;
    img.style.height = `${display.height}px`;
  }
  frame.append(img);
  const caption = document.createElement('figcaption');
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = image.name;
  name.title = image.name;
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = describe(image);
  caption.append(name, meta);
  fig.append(frame, caption);
  return fig;
}

function button(text: string, action: string, id: number, primary = false): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.dataset.action = action;
  b.dataset.id = String(id);
  b.className = primary ? 'primary' : 'secondary';
  return b;
}

function renderSource(source: SourceView): HTMLElement {
  const card = document.createElement('article');
  card.className = `card ${source.state.kind}`;
  card.dataset.id = String(source.id);
  const zoom = spriteZoom(source);
  const { width, height } = source.facts ?? source.image;
  const display = zoom && width && height ? { width: width * zoom, height: height * zoom } : undefined;
  card.append(figure(source.image, 'Source', display));

  const result = document.createElement('div');
  result.className = 'result';
  const state = source.state;
  if (source.problem) {
    result.append(note(source.problem, 'problem'));
  } else if (state.kind === 'done') {
    const fig = figure(state.result, 'Restyled variant', display);
    const actions = document.createElement('div');
    actions.className = 'result-actions';
    actions.append(button('Open', 'open', source.id), button('Reveal in Explorer', 'reveal', source.id), button('Generate again', 'again', source.id));
    result.append(fig, actions, note(`Saved in ${(state.elapsedMs / 1000).toFixed(1)} s`, 'meta'));
    if (state.note) result.append(note(state.note, 'warning'));
  } else if (state.kind === 'failed') {
    result.append(note(state.message, 'problem'));
  } else if (state.kind === 'running' || state.kind === 'queued') {
    const placeholder = document.createElement('div');
    placeholder.className = 'frame placeholder';
    placeholder.textContent = state.kind === 'running' ? 'Generating…' : 'Waiting…';
    result.append(placeholder);
  } else {
    const placeholder = document.createElement('div');
    placeholder.className = 'frame placeholder';
    placeholder.textContent = 'The variant appears here';
    result.append(placeholder);
  }
  card.append(result);
  const route = document.createElement('p');
  route.className = 'route';
  route.setAttribute('aria-label', 'Route');
  route.textContent = state.kind === 'done' ? state.route : source.facts ? plannedRoute(source.facts, { ...options, ...currentParams() }) : source.problem ? '' : 'Reading the image…';
  card.append(route);
  if (source.facts?.animated) card.append(note('Animated: restyled from its first frame.', 'meta animated'));
  return card;
}

function note(text: string, className: string): HTMLElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  if (className === 'problem') p.setAttribute('role', 'alert');
  return p;
}

function renderSources(): void {
  sourcesSection.replaceChildren(...[...sources.values()].map(renderSource));
  sourcesSection.classList.toggle('single', sources.size === 1);
  setRunning(running);
  updateOptionControls();
}

function onMessage(message: ToWebview): void {
  switch (message.type) {
    case 'init': {
      sources.clear();
      for (const source of message.sources) sources.set(source.id, source);
      const draft = vscode.getState();
      const params = { ...message.params, ...draft };
      prompt.value = params.prompt ?? '';
      strength.value = String(params.strength ?? 0.6);
      format.value = params.format === 'jpeg' ? 'jpeg' : 'png';
      keepPalette.checked = params.keepPalette === true;
      options = message.options;
      showStrength();
      renderSources();
      setRunning(message.running);
      prompt.focus();
      break;
    }
    case 'source': {
      sources.set(message.source.id, message.source);
      const existing = sourcesSection.querySelector(`[data-id="${message.source.id}"]`);
      const card = renderSource(message.source);
      if (existing) existing.replaceWith(card);
      else renderSources();
      setRunning(running);
      updateOptionControls();
      break;
    }
    case 'options':
      options = message.options;
      updateOptionControls();
      break;
    case 'running':
      setRunning(message.running);
      if (message.summary !== undefined) status.textContent = message.summary;
      break;
    default: {
      const never: never = message;
      console.warn('Restyle: unknown message', never);
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  generate();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    generate();
  }
});
cancelButton.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
strength.addEventListener('input', () => {
  showStrength();
  saveDraft();
});
prompt.addEventListener('input', saveDraft);
format.addEventListener('change', saveDraft);
keepPalette.addEventListener('change', saveDraft);
sourcesSection.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
  if (!target) return;
  const id = Number(target.dataset.id);
  const action = target.dataset.action;
  if (action === 'open' || action === 'reveal') vscode.postMessage({ type: action, id });
  else if (action === 'again') generate(id);
});
window.addEventListener('message', (event: MessageEvent<ToWebview>) => onMessage(event.data));
vscode.postMessage({ type: 'ready' });
