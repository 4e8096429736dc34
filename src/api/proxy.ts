/**
 * Which proxy, if any, a request to the Segmind endpoint goes through: VS Code's `http.*` proxy
 * settings first, then the `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` environment variables. Pure (no
 * `vscode`): the settings and the environment come in as arguments, so every rule is unit-tested.
 *
 * VS Code resolves proxies for extensions by patching Node's `http`/`https` and the global `fetch`;
 * undici's own `request` and `Agent`, which the client uses, are not patched, so the client applies
 * the decision made here itself (one undici `ProxyAgent` per proxy).
 */
import { BlockList, isIP } from 'node:net';

/** `http.proxySupport`. Only `off` changes anything here (see resolveProxy). */
export type ProxySupport = 'off' | 'on' | 'fallback' | 'override';

/** The `http.*` settings that matter, read by src/proxySettings.ts. */
export interface ProxyConfig {
  /** `http.proxy`: empty or undefined when not set. */
  readonly proxy?: string;
  /** `http.noProxy`. */
  readonly noProxy?: readonly string[];
  /** `http.proxyStrictSSL`. */
  readonly strictSSL: boolean;
  /** `http.proxySupport`. */
  readonly support: ProxySupport;
}

export type ProxyDecision =
  | { readonly kind: 'direct' }
  | {
      readonly kind: 'proxy';
      /** The proxy's origin (`http://host:port`), never with a user name or password: safe to log. */
      readonly url: URL;
      /** The `Proxy-Authorization` value (`Basic …`) from the credentials that were in the proxy URL. Never log it. */
      readonly auth?: string;
      /** Verify certificates (the proxy's and, through a tunnel, the endpoint's): `http.proxyStrictSSL`. */
      readonly strictSSL: boolean;
      /** Where the proxy came from, for the log. */
      readonly source?: 'setting' | 'env';
    };

/** A proxy setting or variable that is not a usable proxy URL. The message never holds a password. */
export class ProxySettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxySettingError';
  }
}

/** Schemes undici's ProxyAgent handles well. (Its SOCKS5 support is marked experimental.) */
const SUPPORTED_PROXY_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * The proxy decision for one target URL.
 *
 * - `http.proxySupport: off` means direct, whatever else is set. `on`, `fallback` and `override`
 *   differ in VS Code only in whether an extension's own agent is replaced; this client has no other
 *   agent, so all three apply the proxy below.
 * - `http.proxy` when set, else `https_proxy`/`HTTPS_PROXY` (then `http_proxy`/`HTTP_PROXY`) for an
 *   https target and `http_proxy`/`HTTP_PROXY` for an http target; lower case wins, as in curl.
 * - Exceptions: `http.noProxy` when it has entries, else `no_proxy`/`NO_PROXY` (VS Code's precedence),
 *   matched by {@link matchesNoProxy}.
 * - Loopback targets (localhost, 127.*, ::1) go direct when the proxy comes from the environment, as
 *   curl does. Unlike VS Code's own resolver, they are NOT exempted from a proxy set explicitly in
 *   `http.proxy`: the user asked for it, and it is what lets the tests prove that traffic to the local
 *   test server really goes through the proxy. `http.noProxy: ["127.0.0.1"]` exempts them.
 *
 * Throws a ProxySettingError when the proxy that applies is not a usable http(s) URL: silently going
 * direct would bypass a proxy the user configured.
 */
export function resolveProxy(target: URL, config: ProxyConfig, env: Record<string, string | undefined>): ProxyDecision {
  if (config.support === 'off') return { kind: 'direct' };

  const fromSetting = config.proxy?.trim();
  const envName = fromSetting ? undefined : envProxyName(target, env);
  const raw = fromSetting || (envName ? env[envName]!.trim() : undefined);
  if (!raw) return { kind: 'direct' };
  if (!fromSetting && isLoopback(hostOf(target))) return { kind: 'direct' };

  const configNoProxy = (config.noProxy ?? []).filter((e) => typeof e === 'string' && e.trim() !== '');
  const noProxy = configNoProxy.length > 0 ? configNoProxy : splitNoProxy(env.no_proxy || env.NO_PROXY || '');
  if (matchesNoProxy(target, noProxy)) return { kind: 'direct' };

  const { url, auth } = parseProxyUrl(raw, fromSetting ? 'the http.proxy setting' : `the ${envName} environment variable`);
  return { kind: 'proxy', url, ...(auth === undefined ? {} : { auth }), strictSSL: config.strictSSL, source: fromSetting ? 'setting' : 'env' };
}

function envProxyName(target: URL, env: Record<string, string | undefined>): string | undefined {
  const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  return names.find((name) => env[name]?.trim());
}

/**
 * Splits a proxy URL into its origin and a `Proxy-Authorization: Basic …` value from its user name
 * and password (percent-decoded). A URL without a scheme (`proxy.corp:3128`, common in `HTTP_PROXY`)
 * is taken as `http://`.
 */
export function parseProxyUrl(value: string, where = 'the proxy setting'): { url: URL; auth?: string } {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ProxySettingError(`The proxy "${redactProxyUrl(text)}" in ${where} is not a URL. Use http://host:port.`);
  }
  if (!SUPPORTED_PROXY_PROTOCOLS.has(url.protocol)) {
    throw new ProxySettingError(`The proxy ${redactProxyUrl(text)} in ${where} uses ${url.protocol}//, which Restyle does not support. Use an http:// or https:// proxy.`);
  }
  if (!url.hostname) throw new ProxySettingError(`The proxy "${redactProxyUrl(text)}" in ${where} names no host.`);
  let auth: string | undefined;
  if (url.username || url.password) {
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    auth = `Basic ${Buffer.from(`${decode(url.username)}:${decode(url.password)}`).toString('base64')}`;
  }
  return { url: new URL(url.origin), auth };
}

/** A proxy URL for a log line or a message: any password replaced by `****`. Works on text that is not a valid URL too. */
export function redactProxyUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?([^/@\s]*)@/i, (_, scheme: string | undefined, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme ?? ''}${colon < 0 ? userinfo : `${userinfo.slice(0, colon)}:****`}@`;
  });
}

/** The words the log uses for a decision: `direct` or `via proxy http://host:port`. */
export function describeProxy(decision: ProxyDecision | undefined): string {
  if (!decision || decision.kind === 'direct') return 'direct';
  const from = decision.source === 'setting' ? ' (http.proxy)' : decision.source === 'env' ? ' (environment)' : '';
  return `via proxy ${decision.url.origin}${from}${decision.auth ? ', with credentials' : ''}${decision.strictSSL ? '' : ', certificates not verified'}`;
}

/** `NO_PROXY` is a comma-separated list; spaces around entries are tolerated (curl and others accept them too). */
export function splitNoProxy(value: string): string[] {
  return value.split(/[,\s]+/).filter((e) => e !== '');
}

/** The target's host without IPv6 brackets, lower case. */
function hostOf(target: URL): string {
  return target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function portOf(target: URL): string {
  return target.port || (target.protocol === 'https:' ? '443' : '80');
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host.startsWith('::ffff:127.') || /^::ffff:7f[0-9a-f]{2}:/.test(host);
}

/** An IP written any way URL accepts it (`[::1]`, `0:0::1`, `127.1`) in URL's canonical form, or undefined. */
function canonicalIp(host: string): string | undefined {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 0) return undefined;
  try {
    return new URL(`http://${family === 6 ? `[${bare}]` : bare}`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

/** An entry split into host and optional port: `host`, `host:port`, `[v6]`, `[v6]:port`, a bare IPv6 address. */
function splitHostPort(entry: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] };
  if (isIP(entry) === 6) return { host: entry };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { host: withPort[1], port: withPort[2] } : { host: entry };
}

/**
 * Whether a `NO_PROXY`/`http.noProxy` list exempts the target. Entries (case-insensitive):
 * - `*`: every host.
 * - `example.com`: that host and every subdomain (`api.example.com`), not `notexample.com` (curl, VS Code).
 * - `.example.com` or `*.example.com`: the same (a leading dot or `*.` adds nothing, as in curl ≥ 7.86 and VS Code).
 * - `host:port`: only on that port (the target's port defaults to 80 or 443).
 * - an IP address (`10.1.2.3`, `::1`, `[::1]:8080`): exactly that address.
 * - a CIDR range (`10.0.0.0/8`, `fd00::/8`): any IP target inside it. Host names are never resolved.
 * A scheme written before an entry (`http://example.com`) is ignored.
 */
export function matchesNoProxy(target: URL, entries: readonly string[]): boolean {
  const host = hostOf(target);
  const port = portOf(target);
  const targetIp = canonicalIp(host);
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/$/, '');
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (targetIp && inCidr(targetIp, entry)) return true;
      continue;
    }
    const { host: name, port: entryPort } = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const entryIp = canonicalIp(name);
    if (entryIp !== undefined) {
      if (entryIp === targetIp) return true;
      continue;
    }
    const domain = name.replace(/^\*?\./, '');
    if (domain === '' || targetIp !== undefined) continue;
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function inCidr(ip: string, cidr: string): boolean {
  const [network, bitsText] = cidr.split('/');
  const family = isIP(network);
  const bits = Number(bitsText);
  if (family === 0 || family !== isIP(ip) || !/^\d+$/.test(bitsText) || bits > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(network, bits, type);
  return list.check(ip, type);
}
