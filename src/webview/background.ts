/** The preview's Background: the theme's checkerboard (default), light, dark, or the colour of `restyle.previewBackground`. */
import { customBackground, type PreviewBackground } from '../shared/persistedPanel';
import { make } from './dom';

const LABELS: Record<PreviewBackground, string> = { checkerboard: 'Checkerboard', light: 'Light', dark: 'Dark', custom: 'Custom' };

/** Where the picker starts when the page has no choice of its own: the setting, else the checkerboard. */
export function backgroundFromSetting(setting: string | undefined): PreviewBackground {
  if (setting === 'light' || setting === 'dark') return setting;
  return customBackground(setting) ? 'custom' : 'checkerboard';
}

/** Puts the background on every frame of the page (a class on the body; the custom colour as a variable). */
export function applyBackground(background: PreviewBackground, setting: string | undefined): PreviewBackground {
  const colour = customBackground(setting);
  const shown = background === 'custom' && !colour ? 'checkerboard' : background;
  const body = document.body;
  for (const name of ['checkerboard', 'light', 'dark', 'custom'] as const) body.classList.toggle(`bg-${name}`, name === shown);
  if (colour) body.style.setProperty('--preview-custom', colour);
  else body.style.removeProperty('--preview-custom');
  return shown;
}

/** The picker: Custom is offered only when the setting holds a colour. */
export function backgroundPicker(current: PreviewBackground, setting: string | undefined, onChange: (background: PreviewBackground) => void): HTMLElement {
  const label = make('label', 'tool');
  const select = make('select');
  const colour = customBackground(setting);
  for (const value of ['checkerboard', 'light', 'dark', 'custom'] as const) {
    if (value === 'custom' && !colour) continue;
    const option = make('option', undefined, value === 'custom' ? `${LABELS.custom} (${colour})` : LABELS[value]);
    option.value = value;
    select.append(option);
  }
  select.value = current;
  select.title = 'Background behind the pictures (restyle.previewBackground sets where it starts)';
  select.addEventListener('change', () => onChange(select.value as PreviewBackground));
  label.append(make('span', undefined, 'Background'), select);
  return label;
}
