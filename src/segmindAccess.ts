/** Clients for the configured endpoint with the stored key, and keeping the credits item current. */
import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKeyStore';
import { SegmindClient } from './api/segmindClient';
import { readSettings } from './settings';
import type { CreditsStatusItem } from './ui/creditsStatusItem';

export class SegmindAccess {
  constructor(
    readonly keys: ApiKeyStore,
    readonly credits: CreditsStatusItem,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** A client for the current settings. Throws a SegmindError when the endpoint setting is unusable. */
  client(apiKey: string, options: { base64Response?: boolean } = {}): SegmindClient {
    const settings = readSettings();
    return new SegmindClient({
      endpoint: settings.endpoint,
      apiKey,
      timeoutMs: settings.requestTimeoutMs,
      base64Response: options.base64Response,
      log: (line) => this.log.info(line),
    });
  }

  /** Reads the balance from the credits endpoint into the status bar. Throws on failure. */
  async refreshCredits(signal?: AbortSignal): Promise<void> {
    const apiKey = await this.keys.get();
    if (!apiKey) {
      this.credits.set({ kind: 'noKey' });
      return;
    }
    if (this.credits.current.kind !== 'known') this.credits.set({ kind: 'loading' });
    try {
      const { credits } = await this.client(apiKey).getCredits(signal);
      this.credits.update(credits, 'account');
    } catch (error) {
      if (this.credits.current.kind !== 'known') {
        this.credits.set({ kind: 'unknown', reason: error instanceof Error ? error.message : String(error), at: new Date() });
      }
      throw error;
    }
  }
}
