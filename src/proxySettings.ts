/** VS Code's `http.*` proxy settings, read for src/api/proxy.ts. */
import * as vscode from 'vscode';
import { resolveProxy, type ProxyConfig, type ProxyDecision, type ProxySupport } from './api/proxy';

const SUPPORT: readonly ProxySupport[] = ['off', 'on', 'fallback', 'override'];

/** `http.proxy`, `http.noProxy`, `http.proxyStrictSSL` and `http.proxySupport`, with VS Code's defaults for odd values. */
export function readProxyConfig(): ProxyConfig {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<unknown>('proxy');
  const noProxy = http.get<unknown>('noProxy');
  const support = http.get<unknown>('proxySupport');
  return {
    proxy: typeof proxy === 'string' && proxy.trim() !== '' ? proxy.trim() : undefined,
    // Settings are not validated against their schema: keep only the strings of an array.
    noProxy: Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string') : [],
    strictSSL: http.get<unknown>('proxyStrictSSL') !== false,
    support: SUPPORT.includes(support as ProxySupport) ? (support as ProxySupport) : 'override',
  };
}

/** The proxy decision for a request to `target` under the current settings and this process's environment. Throws a ProxySettingError. */
export function proxyFor(target: URL): ProxyDecision {
  return resolveProxy(target, readProxyConfig(), process.env);
}
