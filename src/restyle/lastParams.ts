/** The panel's parameters last used in this workspace, falling back to the settings. */
import type * as vscode from 'vscode';
import type { ImageFormat } from '../core/imageInfo';
import { isOutputFormat, normaliseStrength, normaliseVariants, resolveOutputFormat } from '../core/params';
import type { RestyleSettings } from '../settings';
import type { PanelParams } from '../shared/protocol';

const LAST_PARAMS_KEY = 'restyle.lastParams';

export function loadLastParams(state: vscode.Memento, settings: RestyleSettings, sourceFormat: ImageFormat): PanelParams {
  const last = state.get<Partial<PanelParams>>(LAST_PARAMS_KEY) ?? {};
  return {
    prompt: typeof last.prompt === 'string' ? last.prompt : '',
    strength: typeof last.strength === 'number' ? normaliseStrength(last.strength, settings.defaultStrength) : settings.defaultStrength,
    format: isOutputFormat(last.format) ? last.format : resolveOutputFormat(settings.outputFormat, sourceFormat),
    keepPalette: typeof last.keepPalette === 'boolean' ? last.keepPalette : settings.keepPalette,
    variants: normaliseVariants(last.variants, settings.variants),
  };
}

export function saveLastParams(state: vscode.Memento, params: PanelParams): Thenable<void> {
  return state.update(LAST_PARAMS_KEY, params);
}
