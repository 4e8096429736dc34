/** The Sheet row of a PNG source: Cells (W × H), Margin and Spacing set by hand, or Not a sheet. */
import type { FromWebview, SourceView } from '../shared/protocol';
import { actionButton, make } from './dom';
import { vscode } from './vscodeApi';

function numberField(label: string, name: string, value: number, min: number): HTMLLabelElement {
  const field = make('label', 'sheet-field');
  const input = make('input');
  input.type = 'number';
  input.min = String(min);
  input.max = '8192';
  input.step = '1';
  input.value = String(value);
  input.name = name;
  field.append(make('span', undefined, label), input);
  return field;
}

/** The row, folded; offered for PNG sources that can be restyled. */
export function sheetRow(source: SourceView): HTMLElement | undefined {
  if (source.problem || !/\.png$/i.test(source.image.name)) return undefined;
  const first = source.set?.cells?.[0];
  const row = make('details', 'sheet-row');
  row.append(make('summary', undefined, 'Sheet'));
  const fields = make('div', 'sheet-fields');
  fields.append(
    numberField('Cells W', 'cellWidth', first?.w ?? 32, 1),
    numberField('H', 'cellHeight', first?.h ?? 32, 1),
    numberField('Margin', 'margin', 0, 0),
    numberField('Spacing', 'spacing', 0, 0),
    actionButton('Use these cells', 'sheet-apply', { id: source.id }, 'secondary', `Restyle ${source.image.name} as a sheet of these cells`),
    actionButton('Not a sheet', 'not-a-sheet', { id: source.id }, 'secondary', `Restyle ${source.image.name} as one picture`),
  );
  row.append(fields);
  return row;
}

/** The message for a click on the row's buttons, read from its fields (the host checks them again). */
export function sheetMessage(button: HTMLElement, id: number): FromWebview | undefined {
  if (button.dataset.action === 'not-a-sheet') return { type: 'sheet', id };
  const row = button.closest('.sheet-row');
  const value = (name: string) => Number(row?.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value);
  const grid = { cellWidth: value('cellWidth'), cellHeight: value('cellHeight'), margin: value('margin'), spacing: value('spacing') };
  return Object.values(grid).every((n) => Number.isInteger(n) && n >= 0) && grid.cellWidth > 0 && grid.cellHeight > 0 ? { type: 'sheet', id, grid } : undefined;
}

/** Posts the message when there is one (a field the user left invalid sends nothing). */
export function sendIf(message: FromWebview | undefined): void {
  if (message) vscode.postMessage(message);
}
