/** The Together checkbox (several small files on shared requests: one style, fewer calls), shown when the host's plan offers it. */
import type { PlanShape } from '../shared/protocol';
import { make } from './dom';

export interface Together {
  update(plan: PlanShape): void;
}

export function attachTogether(after: HTMLElement, onChange: (checked: boolean) => void): Together {
  const field = make('label', 'checkbox');
  field.hidden = true;
  const box = make('input');
  box.type = 'checkbox';
  box.id = 'together';
  field.append(box, make('span', undefined, 'Together: one style, fewer calls'));
  field.title = 'Several selected files go on shared requests, in one style; each still comes back beside its own source at its own size.';
  after.after(field);
  box.addEventListener('change', () => onChange(box.checked));
  return {
    update(plan) {
      field.hidden = !plan.togetherOffered;
      box.checked = plan.together;
    },
  };
}
