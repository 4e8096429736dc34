/** The form's fields: reading them as the run's parameters, filling them, and what depends on the sources. */
import { normaliseVariants } from '../core/params';
import type { PanelOptions, PanelParams, SourceView } from '../shared/protocol';
import { jpegReplacedByPng } from '../shared/route';
import { element } from './dom';

export const fields = {
  prompt: element<HTMLTextAreaElement>('prompt'),
  strength: element<HTMLInputElement>('strength'),
  strengthValue: element<HTMLOutputElement>('strength-value'),
  format: element<HTMLSelectElement>('format'),
  formatNote: element<HTMLSpanElement>('format-note'),
  variants: element<HTMLInputElement>('variants'),
  keepPalette: element<HTMLInputElement>('keep-palette'),
  keepPaletteField: element<HTMLLabelElement>('keep-palette-field'),
};

export function currentParams(): PanelParams {
  return {
    prompt: fields.prompt.value,
    strength: Number(fields.strength.value),
    format: fields.format.value === 'jpeg' ? 'jpeg' : 'png',
    keepPalette: fields.keepPalette.checked && !fields.keepPalette.disabled,
    variants: normaliseVariants(Math.round(Number(fields.variants.value)), 1),
  };
}

export function showStrength(): void {
  fields.strengthValue.textContent = Number(fields.strength.value).toFixed(2);
}

/** Puts these parameters in the fields (a missing one keeps its default). */
export function fillFields(params: Partial<PanelParams>): void {
  fields.prompt.value = params.prompt ?? '';
  fields.strength.value = String(params.strength ?? 0.6);
  fields.format.value = params.format === 'jpeg' ? 'jpeg' : 'png';
  fields.keepPalette.checked = params.keepPalette === true;
  fields.variants.value = String(params.variants ?? 1);
  showStrength();
}

/** The palette checkbox (offered for sources with at most 256 colours) and the JPEG note, from what is known of the sources. */
export function updateSourceDependentFields(sources: readonly SourceView[], options: PanelOptions): void {
  const { keepPalette, keepPaletteField, formatNote } = fields;
  const known = sources.filter((s) => s.facts);
  const withPalette = known.filter((s) => s.facts?.colours !== undefined);
  keepPalette.disabled = withPalette.length === 0;
  keepPaletteField.classList.toggle('disabled', keepPalette.disabled);
  keepPaletteField.title = keepPalette.disabled
    ? known.length ? 'Offered only for sources with at most 256 colours: this one has more.' : 'Offered once the source is read, for sources with at most 256 colours.'
    : `Maps every pixel of the variant to the nearest of the source's ${withPalette.map((s) => s.facts?.colours).join(', ')} colours.`;
  const format = currentParams().format;
  const replaced = known.some((s) => jpegReplacedByPng(!!s.facts?.hasAlpha, { ...options, format }));
  formatNote.hidden = !replaced;
  formatNote.textContent = replaced ? 'PNG is used to keep transparency' : '';
}
