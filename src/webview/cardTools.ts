/** A card's tools above its pictures: the zoom (said, with − and +) and the Background picker. */
import type { PreviewBackground } from '../shared/persistedPanel';
import { backgroundPicker } from './background';
import { make } from './dom';
import type { Display } from './zoom';

export interface CardTools {
  readonly display: Display | undefined;
  readonly sourceName: string;
  readonly background: PreviewBackground;
  readonly backgroundSetting: string | undefined;
  zoom(direction: 1 | -1): void;
  setBackground(background: PreviewBackground): void;
}

function zoomButton(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = make('button', 'secondary icon', text);
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.title = `${label} (Ctrl/Cmd + mouse wheel, or + and −)`;
  b.addEventListener('click', onClick);
  return b;
}

export function cardTools(tools: CardTools): HTMLElement {
  const bar = make('div', 'card-tools');
  if (tools.display) {
    const zoom = make('span', 'tool zoom-tool');
    const value = make('output', 'zoom', tools.display.label);
    value.setAttribute('aria-label', `Zoom of ${tools.sourceName}`);
    value.title = tools.display.crisp ? 'Every image of this source is shown at this whole factor, pixels crisp' : 'Every image of this source is shown at this scale';
    zoom.append(
      make('span', undefined, 'Zoom'),
      zoomButton('−', `Zoom out ${tools.sourceName}`, () => tools.zoom(-1)),
      value,
      zoomButton('+', `Zoom in ${tools.sourceName}`, () => tools.zoom(1)),
    );
    bar.append(zoom);
  }
  bar.append(backgroundPicker(tools.background, tools.backgroundSetting, tools.setBackground));
  return bar;
}
