import { SD3_TURBO } from '../models/sd3Turbo';

/** The configured API endpoint, checked: the key is only ever sent over https, or plain http to this machine. */

export const DEFAULT_ENDPOINT = 'https://api.segmind.com';
export const IMAGE_TO_IMAGE_PATH = SD3_TURBO.path;
export const CREDITS_PATH = '/v1/get-user-credits';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type EndpointCheck = { ok: true; base: URL } | { ok: false; problem: string };

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export function checkEndpoint(value: string): EndpointCheck {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: `The endpoint setting "${value}" is not a URL. Use https://api.segmind.com.` };
  }
  if (url.username || url.password) {
    return { ok: false, problem: 'The endpoint setting may not contain a user name or password.' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      problem: `Refusing to send the API key to ${url.origin} over plain http: it would travel in clear text. Use https://, or http:// only for a server on this machine.`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: `The endpoint must be an https:// URL, not ${url.protocol}//.` };
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { ok: true, base: url };
}

/** Joins an API path to the base URL, keeping any path prefix the base has (e.g. a proxy's). */
export function endpointUrl(base: URL, apiPath: string): URL {
  return new URL(apiPath.replace(/^\//, ''), base);
}
