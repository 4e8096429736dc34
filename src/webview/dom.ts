/** Small DOM helpers for the panel's page (text only: nothing from the host is ever parsed as HTML). */

export function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

export function make<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A button that the page's click handler routes by its data-action (and data-id / data-index). */
export function actionButton(text: string, action: string, data: { id: number; index?: number }, kind: 'primary' | 'secondary' = 'secondary', label?: string): HTMLButtonElement {
  const b = make('button', kind, text);
  b.type = 'button';
  b.dataset.action = action;
  b.dataset.id = String(data.id);
  if (data.index !== undefined) b.dataset.index = String(data.index);
  if (label) b.setAttribute('aria-label', label);
  return b;
}

export function note(text: string, className: string): HTMLElement {
  const p = make('p', className, text);
  if (className === 'problem') p.setAttribute('role', 'alert');
  return p;
}
