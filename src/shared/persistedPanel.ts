/**
 * What a Restyle panel keeps across a window reload (stored by the webview with setState, handed
 * back by VS Code to the serializer), and its validation: the state is untrusted input.
 */

export interface PersistedResult {
  /** The saved variant's file URI. */
  readonly saved: string;
  readonly route?: string;
}

export interface PersistedSource {
  /** The source's file URI. */
  readonly uri: string;
  /** The variants saved by the latest run. */
  readonly results?: readonly PersistedResult[];
  /** True when a generation was under way when the window went away. */
  readonly interrupted?: boolean;
}

export interface PersistedPanel {
  readonly version: 1;
  readonly sources: readonly PersistedSource[];
}

const MAX_SOURCES = 200;
const MAX_RESULTS = 4;
const MAX_TEXT = 2000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fileUri(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.length > MAX_TEXT) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'file:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function folderOf(url: URL): string {
  return url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
}

/**
 * The panel state if it is well formed: file URIs only, at most 200 sources, and a saved variant
 * only in its source's own folder (a tampered state cannot point the panel anywhere else).
 */
export function parsePersistedPanel(value: unknown): PersistedPanel | undefined {
  const panel = isRecord(value) && isRecord(value.panel) ? value.panel : undefined;
  if (!panel || panel.version !== 1 || !Array.isArray(panel.sources) || !panel.sources.length || panel.sources.length > MAX_SOURCES) return undefined;
  const sources: PersistedSource[] = [];
  for (const item of panel.sources) {
    if (!isRecord(item)) return undefined;
    const uri = fileUri(item.uri);
    if (!uri) return undefined;
    const results: PersistedResult[] = [];
    for (const result of Array.isArray(item.results) ? item.results.slice(0, MAX_RESULTS) : []) {
      if (!isRecord(result)) continue;
      const saved = fileUri(result.saved);
      // A variant lives beside its source: a state pointing anywhere else is dropped.
      if (!saved || saved.host !== uri.host || folderOf(saved) !== folderOf(uri)) continue;
      results.push({ saved: saved.href, ...(typeof result.route === 'string' ? { route: result.route.slice(0, MAX_TEXT) } : {}) });
    }
    sources.push({
      uri: uri.href,
      ...(results.length ? { results } : {}),
      ...(item.interrupted === true ? { interrupted: true } : {}),
    });
  }
  return { version: 1, sources };
}
