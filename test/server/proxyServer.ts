// A small HTTP proxy for tests, on 127.0.0.1: forwards absolute-form requests (`POST http://host/path`)
// and opens CONNECT tunnels, records what passed through, and can require Proxy-Authorization
// (Basic). It only reaches loopback targets, so it can never be an open proxy.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** `forward`: an absolute-form request passed on; `connect`: a CONNECT tunnel. */
  readonly kind: 'forward' | 'connect';
  readonly method: string;
  /** The absolute URL (forward) or `host:port` (connect). */
  readonly target: string;
  /** The Proxy-Authorization header as received. */
  readonly proxyAuthorization?: string;
  /** What the proxy itself answered: 407, 403, 502, or the upstream status (forward) / 200 (connect). */
  status: number;
}

export interface ProxyServerOptions {
  /** When set, only `user:password` in a Basic Proxy-Authorization is let through; others get 407. */
  readonly credentials?: { readonly user: string; readonly password: string };
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

function isLoopbackTarget(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class ProxyServer {
  readonly url: string;
  readonly port: number;
  readonly requests: ProxiedRequest[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    private readonly options: ProxyServerOptions,
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  static async start(options: ProxyServerOptions = {}): Promise<ProxyServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const proxy = new ProxyServer(server, options);
    server.on('connection', (socket: net.Socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => proxy.forward(req, res));
    server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => proxy.tunnel(req, socket, head));
    return proxy;
  }

  /** The proxy URL with credentials in it, as a user would write it in `http.proxy`. */
  urlWith(user: string, password: string): string {
    return `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }

  reset(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorized(req: http.IncomingMessage): boolean {
    const expected = this.options.credentials;
    if (!expected) return true;
    const header = req.headers['proxy-authorization'];
    return header === `Basic ${Buffer.from(`${expected.user}:${expected.password}`).toString('base64')}`;
  }

  private record(req: http.IncomingMessage, kind: ProxiedRequest['kind'], target: string): ProxiedRequest {
    const auth = req.headers['proxy-authorization'];
    const entry: ProxiedRequest = { kind, method: req.method ?? '', target, ...(auth === undefined ? {} : { proxyAuthorization: auth }), status: 0 };
    this.requests.push(entry);
    return entry;
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const entry = this.record(req, 'forward', req.url ?? '');
    const refuse = (status: number, headers: http.OutgoingHttpHeaders = {}) => {
      entry.status = status;
      req.resume();
      res.writeHead(status, { 'content-type': 'text/plain', connection: 'close', ...headers }).end(`${status} ${http.STATUS_CODES[status]}\n`);
    };
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      return refuse(400); // origin-form: this is a proxy, not a server
    }
    if (target.protocol !== 'http:') return refuse(400);
    if (!this.authorized(req)) return refuse(407, { 'proxy-authenticate': 'Basic realm="test proxy"' });
    if (!isLoopbackTarget(target.hostname.replace(/^\[|\]$/g, ''))) return refuse(403);

    const headers = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    headers.host = target.host;
    const upstream = http.request(
      // A fresh agent: no keep-alive between tests, and no proxy of the host's (a VS Code extension host patches http).
      { host: target.hostname.replace(/^\[|\]$/g, ''), port: target.port || 80, method: req.method, path: target.pathname + target.search, headers, agent: false },
      (answer) => {
        entry.status = answer.statusCode ?? 0;
        const back = { ...answer.headers };
        for (const name of HOP_BY_HOP) delete back[name];
        res.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => {
      if (res.headersSent) res.destroy();
      else refuse(502);
    });
    req.pipe(upstream);
  }

  private tunnel(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const target = req.url ?? '';
    const entry = this.record(req, 'connect', target);
    const refuse = (status: number, extra = '') => {
      entry.status = status;
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    if (!match) return refuse(400);
    if (!this.authorized(req)) return refuse(407, 'Proxy-Authenticate: Basic realm="test proxy"\r\n');
    const host = match[1].replace(/^\[|\]$/g, '');
    if (!isLoopbackTarget(host)) return refuse(403);

    const upstream = net.connect(Number(match[2]), host, () => {
      entry.status = 200;
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    upstream.on('error', () => (entry.status === 0 ? refuse(502) : socket.destroy()));
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  }
}
