/** The Restyle panel's page: the form, the sources, and the messages to and from the extension host. */
import { estimateRun } from '../core/estimate';
import { normaliseVariants } from '../core/params';
import type { PersistedPanel } from '../shared/persistedPanel';
import type { FromWebview, PanelOptions, PanelParams, PricingView, SourceView, ToWebview } from '../shared/protocol';
import { jpegReplacedByPng, plannedRoute } from '../shared/route';
import { element } from './dom';
import { attachPromptTools } from './promptTools';
import { renderSourceCard, type CompareState } from './sourceCard';

/** The webview's saved state: the fields being edited, and what the host asked to keep across a reload. */
interface SavedState extends Partial<PanelParams> {
  panel?: PersistedPanel;
}

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

const app = element<HTMLElement>('app');
const form = element<HTMLFormElement>('form');
const prompt = element<HTMLTextAreaElement>('prompt');
const strength = element<HTMLInputElement>('strength');
const strengthValue = element<HTMLOutputElement>('strength-value');
const format = element<HTMLSelectElement>('format');
const formatNote = element<HTMLSpanElement>('format-note');
const variants = element<HTMLInputElement>('variants');
const keepPalette = element<HTMLInputElement>('keep-palette');
const keepPaletteField = element<HTMLLabelElement>('keep-palette-field');
const generateButton = element<HTMLButtonElement>('generate');
const cancelButton = element<HTMLButtonElement>('cancel');
const savePresetButton = element<HTMLButtonElement>('save-preset');
const estimateLine = element<HTMLParagraphElement>('estimate');
const progress = element<HTMLDivElement>('progress');
const status = element<HTMLParagraphElement>('status');
const sourcesSection = element<HTMLElement>('sources');
const isMac = navigator.platform.toUpperCase().includes('MAC');
element<HTMLSpanElement>('shortcut').textContent = isMac ? '⌘Enter' : 'Ctrl+Enter';

let running = false;
let options: PanelOptions = { outputSize: 'source', keepTransparency: true };
let pricing: PricingView | undefined;
let compare: CompareState | undefined;
const sources = new Map<number, SourceView>();

const promptTools = attachPromptTools(prompt, element('preset'), element('recent'), (values) => {
  prompt.value = values.prompt;
  if (values.strength !== undefined) strength.value = String(values.strength);
  showStrength();
  saveDraft();
  prompt.focus();
});

function variantCount(): number {
  return normaliseVariants(Math.round(Number(variants.value)), 1);
}

function currentParams(): PanelParams {
  return {
    prompt: prompt.value,
    strength: Number(strength.value),
    format: format.value === 'jpeg' ? 'jpeg' : 'png',
    keepPalette: keepPalette.checked && !keepPalette.disabled,
    variants: variantCount(),
  };
}

/** Options that depend on the sources, the route lines and the estimate, after any change of the fields. */
function updateDerived(): void {
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
  const usable = [...sources.values()].filter((s) => !s.problem).length;
  estimateLine.textContent = pricing && usable ? estimateRun(usable, params.variants, pricing.pricePerCall, pricing.balance).text : '';
}

function saveDraft(): void {
  vscode.setState({ ...vscode.getState(), ...currentParams() });
  updateDerived();
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
  compare = undefined;
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

function renderCard(source: SourceView): HTMLElement {
  return renderSourceCard(source, {
    options,
    params: currentParams(),
    running,
    compare,
    setCompare: (next) => {
      compare = next;
      replaceCard(source.id);
      sourcesSection.querySelector<HTMLElement>(`[data-id="${source.id}"] ${next?.mode === 'swipe' ? '.swipe-divider' : 'button'}`)?.focus();
    },
  });
}

function replaceCard(id: number): void {
  const source = sources.get(id);
  const existing = sourcesSection.querySelector(`[data-id="${id}"]`);
  if (!source) return;
  if (existing) existing.replaceWith(renderCard(source));
  else renderSources();
}

function renderSources(): void {
  sourcesSection.replaceChildren(...[...sources.values()].map(renderCard));
  sourcesSection.classList.toggle('single', sources.size === 1);
  setRunning(running);
  updateDerived();
}

function onMessage(message: ToWebview): void {
  switch (message.type) {
    case 'init': {
      sources.clear();
      for (const source of message.sources) sources.set(source.id, source);
      const { panel: _persisted, ...draft } = vscode.getState() ?? {};
      const params = { ...message.params, ...draft };
      prompt.value = params.prompt ?? '';
      strength.value = String(params.strength ?? 0.6);
      format.value = params.format === 'jpeg' ? 'jpeg' : 'png';
      keepPalette.checked = params.keepPalette === true;
      variants.value = String(params.variants ?? 1);
      options = message.options;
      pricing = message.pricing;
      promptTools.update(message.presets, message.recentPrompts);
      showStrength();
      renderSources();
      setRunning(message.running);
      prompt.focus();
      break;
    }
    case 'source':
      sources.set(message.source.id, message.source);
      if (compare?.id === message.source.id && !message.source.results.some((r) => r.index === compare?.index)) compare = undefined;
      replaceCard(message.source.id);
      setRunning(running);
      updateDerived();
      break;
    case 'options':
      options = message.options;
      updateDerived();
      break;
    case 'pricing':
      pricing = message.pricing;
      updateDerived();
      break;
    case 'presets':
      promptTools.update(message.presets, message.recentPrompts);
      break;
    case 'running':
      setRunning(message.running);
      if (!message.running) for (const id of sources.keys()) replaceCard(id);
      if (message.summary !== undefined) status.textContent = message.summary;
      break;
    case 'persist':
      vscode.setState({ ...vscode.getState(), panel: message.panel });
      break;
    case 'plan':
      break; // the set estimate and the Together checkbox come with the panel's next change

    case 'show':
      if (message.params) {
        prompt.value = message.params.prompt;
        strength.value = String(message.params.strength);
        format.value = message.params.format;
        keepPalette.checked = message.params.keepPalette;
        variants.value = String(message.params.variants);
        showStrength();
        saveDraft();
      }
      if (message.compare) {
        compare = { ...message.compare, mode: 'side', position: { value: 50 } };
        replaceCard(message.compare.id);
      }
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
savePresetButton.addEventListener('click', () => {
  const { prompt: text, strength: value } = currentParams();
  if (!text.trim()) {
    status.textContent = 'Write a prompt first, then save it as a preset.';
    prompt.focus();
    return;
  }
  vscode.postMessage({ type: 'savePreset', prompt: text, strength: value });
});
strength.addEventListener('input', () => {
  showStrength();
  saveDraft();
});
for (const field of [prompt, variants]) field.addEventListener('input', saveDraft);
for (const field of [format, keepPalette, variants]) field.addEventListener('change', saveDraft);
sourcesSection.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
  if (!target) return;
  const id = Number(target.dataset.id);
  const index = Number(target.dataset.index);
  switch (target.dataset.action) {
    case 'open':
    case 'reveal':
    case 'discard':
      vscode.postMessage({ type: target.dataset.action, id, index });
      break;
    case 'compare':
      compare = { id, index, mode: 'side', position: { value: 50 } };
      replaceCard(id);
      sourcesSection.querySelector<HTMLElement>(`[data-id="${id}"] .compare button`)?.focus();
      break;
    case 'saveAs':
    case 'rerun':
      vscode.postMessage({ type: target.dataset.action, id });
      break;
    case 'cancel-one':
      vscode.postMessage({ type: 'cancel', id });
      break;
    case 'again':
      generate(id);
      break;
  }
});
window.addEventListener('message', (event: MessageEvent<ToWebview>) => onMessage(event.data));
showInitialState();
vscode.postMessage({ type: 'ready' });

/** The first state the host wrote into the page, so the form is filled before the first paint. */
function showInitialState(): void {
  const data = document.getElementById('initial-state')?.textContent;
  try {
    const initial = data ? (JSON.parse(data) as ToWebview) : undefined;
    if (initial?.type === 'init') onMessage(initial);
  } catch {
    // The 'init' message that answers 'ready' fills the form just the same.
  }
  performance.mark('restyle:form-ready'); // the UI test reads it: when the panel could be used
}
