/** Clients for the configured endpoint with the stored key, and keeping the credits item current. */
import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKeyStore';
import { SegmindError } from './api/errors';
import { ProxySettingError, describeProxy, type ProxyDecision } from './api/proxy';
import { SegmindClient } from './api/segmindClient';
import { checkEndpoint } from './core/endpoint';
import { proxyFor } from './proxySettings';
import { readSettings } from './settings';
import type { CreditsStatusItem } from './ui/creditsStatusItem';

export class SegmindAccess {
  constructor(
    readonly keys: ApiKeyStore,
    readonly credits: CreditsStatusItem,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * A client for the current settings, through the proxy VS Code's `http.*` settings (or the
   * environment) name for the endpoint. Throws a SegmindError when the endpoint or proxy is unusable.
   */
  client(apiKey: string, options: { base64Response?: boolean } = {}): SegmindClient {
    const settings = readSettings();
    const check = checkEndpoint(settings.endpoint);
    const proxy = check.ok ? this.proxyFor(check.base) : undefined;
    const client = new SegmindClient({
      endpoint: settings.endpoint,
      apiKey,
      timeoutMs: settings.requestTimeoutMs,
      base64Response: options.base64Response,
      proxy,
      log: (line) => this.log.info(line),
    });
    this.log.info(`Segmind at ${check.ok ? check.base.origin : settings.endpoint}: ${describeProxy(proxy)}`);
    return client;
  }

  private proxyFor(endpoint: URL): ProxyDecision {
    try {
      return proxyFor(endpoint);
    } catch (error) {
      if (error instanceof ProxySettingError) throw new SegmindError('network', error.message, { cause: error, mayHaveBeenBilled: false });
      throw error;
    }
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
