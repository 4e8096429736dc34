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

/** The preview backgrounds the page offers: the theme's checkerboard, light, dark, or the colour of `restyle.previewBackground`. */
export type PreviewBackground = 'checkerboard' | 'light' | 'dark' | 'custom';
export const PREVIEW_BACKGROUNDS: readonly PreviewBackground[] = ['checkerboard', 'light', 'dark', 'custom'];

/** The compare view that was open: a variant of a source (by its file name, checked again when shown). */
export interface PersistedCompare {
  readonly id: number;
  readonly name: string;
  readonly mode: 'side' | 'swipe' | 'tiled';
  /** The swipe divider, 0 to 100 (% of the variant shown). */
  readonly position: number;
}

/**
 * How the page shows things, kept by the page itself (beside `panel` in its setState) so a tab switch
 * or a window reload brings it back: the compare view, the background, and each source's zoom.
 */
export interface PersistedView {
  readonly compare?: PersistedCompare;
  readonly background?: PreviewBackground;
  /** Zoom chosen by the user, by source id: a whole factor for pixel art, a scale for photos. */
  readonly zoom?: Readonly<Record<string, number>>;
}

const MAX_ZOOM = 64;

/** The view state if it is well formed; anything odd is left out (it only changes how the page looks). */
export function parsePersistedView(value: unknown): PersistedView {
  if (!isRecord(value)) return {};
  const view: { compare?: PersistedCompare; background?: PreviewBackground; zoom?: Record<string, number> } = {};
  const c = value.compare;
  if (isRecord(c) && Number.isInteger(c.id) && (c.id as number) >= 0 && (c.id as number) < MAX_SOURCES && typeof c.name === 'string' && c.name.length <= 255 && (c.mode === 'side' || c.mode === 'swipe' || c.mode === 'tiled')) {
    const position = typeof c.position === 'number' && Number.isFinite(c.position) ? Math.min(100, Math.max(0, Math.round(c.position))) : 50;
    view.compare = { id: c.id as number, name: c.name, mode: c.mode, position };
  }
  if (typeof value.background === 'string' && (PREVIEW_BACKGROUNDS as readonly string[]).includes(value.background)) view.background = value.background as PreviewBackground;
  if (isRecord(value.zoom)) {
    const zoom: Record<string, number> = {};
    for (const [id, z] of Object.entries(value.zoom).slice(0, MAX_SOURCES)) {
      if (/^\d{1,3}$/.test(id) && typeof z === 'number' && Number.isFinite(z) && z > 0 && z <= MAX_ZOOM) zoom[id] = z;
    }
    if (Object.keys(zoom).length) view.zoom = zoom;
  }
  return view;
}

/** `restyle.previewBackground` as a CSS colour the page may use: `#rgb` or `#rrggbb` only, else undefined. */
export function customBackground(setting: unknown): string | undefined {
  return typeof setting === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(setting.trim()) ? setting.trim() : undefined;
}
