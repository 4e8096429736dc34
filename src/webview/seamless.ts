/** The Seamless tile checkbox, and the line that says why it is ticked. */
import type { PlanShape } from '../shared/protocol';
import { make } from './dom';

export interface Seamless {
  update(plan: PlanShape): void;
}

export function attachSeamless(after: HTMLElement, onChange: (checked: boolean) => void): Seamless {
  const field = make('label', 'checkbox');
  const box = make('input');
  box.type = 'checkbox';
  box.id = 'seamless';
  field.append(box, make('span', undefined, 'Seamless tile'));
  field.title = 'The tile is sent with its own wrap-around, so the variant repeats without a seam (restyle.seamless).';
  const note = make('p', 'hint');
  note.id = 'seamless-note';
  note.hidden = true;
  after.after(field, note);
  box.addEventListener('change', () => onChange(box.checked));
  return {
    update(plan) {
      box.checked = plan.seamless;
      note.textContent = plan.seamlessNote ?? '';
      note.hidden = !plan.seamlessNote;
    },
  };
}
