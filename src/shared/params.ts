/** What one generation asks for: shared by the core, the host and the page (no `vscode` or DOM imports). */

export type OutputFormat = 'jpeg' | 'png';

export interface GenerationParams {
  readonly prompt: string;
  readonly strength: number;
  readonly format: OutputFormat;
}
