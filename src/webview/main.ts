/** The Restyle panel's page. Talks to the extension host only through the shared protocol. */
import { formatBytes } from '../shared/formatBytes';
import type { FromWebview, ImageView, PanelParams, SourceView, ToWebview } from '../shared/protocol';

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
const generateButton = element<HTMLButtonElement>('generate');
const cancelButton = element<HTMLButtonElement>('cancel');
const progress = element<HTMLDivElement>('progress');
const status = element<HTMLParagraphElement>('status');
const sourcesSection = element<HTMLElement>('sources');
const isMac = navigator.platform.toUpperCase().includes('MAC');
element<HTMLSpanElement>('shortcut').textContent = isMac ? '⌘Enter' : 'Ctrl+Enter';

/** Images up to this size are shown scaled up with hard pixel edges (sprites, icons, tiles). */
const SMALL_IMAGE_PX = 256;

let running = false;
const sources = new Map<number, SourceView>();

function currentParams(): PanelParams {
  return { prompt: prompt.value, strength: Number(strength.value), format: format.value === 'jpeg' ? 'jpeg' : 'png' };
}

function saveDraft(): void {
  vscode.setState(currentParams());
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

function figure(image: ImageView, label: string): HTMLElement {
  const fig = document.createElement('figure');
  const frame = document.createElement('div');
  frame.className = 'frame';
  const img = document.createElement('img');
  img.src = image.src;
  img.alt = `${label}: ${image.name}`;
  if (image.width && image.height && Math.max(image.width, image.height) <= SMALL_IMAGE_PX) img.className = 'small';
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
  card.append(figure(source.image, 'Source'));

  const result = document.createElement('div');
  result.className = 'result';
  const state = source.state;
  if (source.problem) {
    result.append(note(source.problem, 'problem'));
  } else if (state.kind === 'done') {
    const fig = figure(state.result, 'Restyled variant');
    const actions = document.createElement('div');
    actions.className = 'result-actions';
    actions.append(button('Open', 'open', source.id), button('Reveal in Explorer', 'reveal', source.id), button('Generate again', 'again', source.id));
    result.append(fig, actions, note(`Saved in ${(state.elapsedMs / 1000).toFixed(1)} s`, 'meta'));
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
      break;
    }
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
