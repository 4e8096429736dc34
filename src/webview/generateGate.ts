/** Whether Generate can be pressed, and if not, why (shown as the button's tooltip). */
import type { SourceView } from '../shared/protocol';

/** The reason Generate is off when no file of the panel can be restyled; undefined when one can. */
export function generateBlocked(sources: readonly SourceView[]): string | undefined {
  if (!sources.length || sources.some((s) => !s.problem)) return undefined;
  if (sources.length === 1) return `Nothing to restyle: ${sources[0].problem}`;
  return `Nothing to restyle: none of these ${sources.length} files can be restyled (each says why).`;
}
