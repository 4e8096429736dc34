/** The Restyle panel's page: the form, the sources, and the messages to and from the extension host. */
import { estimateRun, estimateShape } from '../core/estimate';
import type { PanelOptions, PlanShape, PricingView, SourceView, ToWebview } from '../shared/protocol';
import { plannedRoute } from '../shared/route';
import { element } from './dom';
import { currentParams, fields, fillFields, showStrength, updateSourceDependentFields } from './formFields';
import { generateBlocked } from './generateGate';
import { PageView } from './pageView';
import { attachPromptTools } from './promptTools';
import { bringIntoView, newestShown } from './scrollIntoView';
import { comparedResult, renderSourceCard } from './sourceCard';
import { attachSeamless } from './seamless';
import { sendIf, sheetMessage } from './sheetRow';
import { attachTogether } from './together';
import { attachZoomKeys, onWidthChange } from './zoomKeys';
import { saveState, vscode } from './vscodeApi';

const app = element<HTMLElement>('app');
const form = element<HTMLFormElement>('form');
const { prompt, strength, format, variants, keepPalette, keepPaletteField } = fields;
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
let plan: PlanShape | undefined;
const sources = new Map<number, SourceView>();
const view = new PageView(sourcesSection);
const together = attachTogether(keepPaletteField, (checked) => vscode.postMessage({ type: 'together', checked }));
const seamless = attachSeamless(keepPaletteField, (checked) => vscode.postMessage({ type: 'seamless', checked }));

const promptTools = attachPromptTools(prompt, element('preset'), element('recent'), (values) => {
  prompt.value = values.prompt;
  if (values.strength !== undefined) strength.value = String(values.strength);
  showStrength();
  saveDraft();
  prompt.focus();
});

/** Options that depend on the sources, the route lines and the estimate, after any change of the fields. */
function updateDerived(): void {
  updateSourceDependentFields([...sources.values()], options);
  const params = currentParams();
  for (const source of sources.values()) {
    const line = sourcesSection.querySelector<HTMLElement>(`[data-id="${source.id}"] .route`);
    if (line && source.facts && source.state.kind !== 'done') line.textContent = source.set?.route ?? plannedRoute(source.facts, { ...options, ...params });
  }
  const usable = [...sources.values()].filter((s) => !s.problem).length;
  const estimate = () => (plan && plan.calls > 0 ? estimateShape(plan, usable, params.variants, pricing!.pricePerCall, pricing!.balance) : estimateRun(usable, params.variants, pricing!.pricePerCall, pricing!.balance));
  estimateLine.textContent = pricing && usable ? estimate().text : '';
  gateGenerate();
}

/** Generate is off while a run is under way, and when no file of the panel can be restyled (the reason is its tooltip). */
function gateGenerate(): void {
  const reason = generateBlocked([...sources.values()]);
  generateButton.disabled = running || reason !== undefined;
  if (reason) generateButton.title = reason;
  else generateButton.removeAttribute('title');
  generateButton.dataset.reason = reason ?? '';
}

function saveDraft(): void {
  saveState(currentParams());
  updateDerived();
}

function generate(only?: number): void {
  if (running) return;
  const params = currentParams();
  if (generateBlocked([...sources.values()])) return;
  if (!params.prompt.trim()) {
    status.textContent = 'Describe the style you want in the prompt.';
    prompt.focus();
    return;
  }
  view.setCompare(undefined);
  setRunning(true); // at once, so a second click or Ctrl+Enter cannot send a second request
  vscode.postMessage({ type: 'generate', ...params, ...(only === undefined ? {} : { only }) });
}

function setRunning(value: boolean): void {
  running = value;
  app.setAttribute('aria-busy', String(value));
  gateGenerate();
  cancelButton.hidden = !value;
  progress.hidden = !value;
  for (const button of sourcesSection.querySelectorAll<HTMLButtonElement>('button[data-action="again"]')) button.disabled = value;
}

function renderCard(source: SourceView): HTMLElement {
  return renderSourceCard(source, {
    options,
    params: currentParams(),
    running,
    compare: view.compare,
    display: view.displayFor(source),
    cardWidth: view.cardInnerWidth(),
    background: view.background,
    setCompare: (next) => {
      view.setCompare(next);
      replaceCard(source.id);
      const card = sourcesSection.querySelector<HTMLElement>(`[data-id="${source.id}"]`);
      card?.querySelector<HTMLElement>(next?.mode === 'swipe' ? '.swipe-divider' : next ? '.compare button[aria-pressed="true"]' : 'button[data-action="compare"]')?.focus();
      if (next) bringIntoView(card?.querySelector('.compare'));
    },
    zoom: (direction) => zoomSource(source.id, direction),
    setBackground: (background) => {
      view.setBackground(background);
      renderSources();
    },
  });
}

function zoomSource(id: number, direction: 1 | -1): void {
  const source = sources.get(id);
  if (source && view.stepZoom(source, direction)) replaceCard(id);
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
      const { panel: _persisted, view: _view, ...draft } = vscode.getState() ?? {};
      fillFields({ ...message.params, ...draft });
      options = message.options;
      view.backgroundSetting = options.previewBackground;
      view.applyBackground();
      pricing = message.pricing;
      promptTools.update(message.presets, message.recentPrompts);
      showStrength();
      renderSources();
      setRunning(message.running);
      prompt.focus();
      break;
    }
    case 'source': {
      const before = sources.get(message.source.id);
      sources.set(message.source.id, message.source);
      if (view.compare?.id === message.source.id && !comparedResult(message.source, view.compare.name)) view.setCompare(undefined);
      replaceCard(message.source.id);
      setRunning(running);
      updateDerived();
      // What the user just paid for, in view: the newest variant (or the one being made) beside its source.
      bringIntoView(newestShown(sourcesSection, before, message.source));
      break;
    }
    case 'options':
      options = message.options;
      view.backgroundSetting = options.previewBackground;
      view.applyBackground();
      renderSources();
      break;
    case 'plan':
      plan = message.plan;
      together.update(plan);
      seamless.update(plan);
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
      saveState({ panel: message.panel });
      break;
    case 'show':
      if (message.params) {
        fillFields(message.params);
        saveDraft();
      }
      if (message.compare) openCompare(message.compare.id, message.compare.index);
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
    case 'earlier-compare':
      openCompare(id, index, target.dataset.action === 'earlier-compare');
      break;
    case 'earlier-open':
    case 'earlier-discard':
      vscode.postMessage({ type: 'earlier', action: target.dataset.action === 'earlier-open' ? 'open' : 'discard', id, index });
      break;
    case 'saveAs':
    case 'rerun':
      vscode.postMessage({ type: target.dataset.action, id });
      break;
    case 'sheet-apply':
    case 'not-a-sheet':
      sendIf(sheetMessage(target, id));
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
attachZoomKeys(sourcesSection, () => (sources.size === 1 ? [...sources.keys()][0] : undefined), zoomSource);
onWidthChange(sourcesSection, renderSources);
showInitialState();
vscode.postMessage({ type: 'ready' });

/** Compare on a variant of the latest run (or an earlier one): the view opens in view, focused. */
function openCompare(id: number, index: number, earlier = false): void {
  const source = sources.get(id);
  const result = earlier ? source?.earlier?.[index] : source?.results.find((r) => r.index === index);
  if (!source || !result) return;
  const next = view.openCompare(id, result.image.name, view.compare?.id === id ? view.compare.mode : 'side');
  replaceCard(id);
  const card = sourcesSection.querySelector<HTMLElement>(`[data-id="${id}"]`);
  card?.querySelector<HTMLElement>(next.mode === 'swipe' ? '.swipe-divider' : '.compare button')?.focus({ preventScroll: true });
  bringIntoView(card?.querySelector('.compare'));
}

/** The first state the host wrote into the page, so the form is filled before the first paint. */
function showInitialState(): void {
  const data = document.getElementById('initial-state')?.textContent;
  let initial: ToWebview | undefined;
  try { initial = data ? (JSON.parse(data) as ToWebview) : undefined; } catch { /* the 'init' that answers 'ready' fills the form just the same */ }
  if (initial?.type === 'init') onMessage(initial);
  performance.mark('restyle:form-ready'); // the UI test reads it: when the panel could be used
}
