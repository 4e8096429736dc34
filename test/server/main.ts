// `npm run dev-server`: the fake Segmind server on a fixed port, for trying the extension by hand.
import { CONTROL_PREFIX, CREDITS_PATH, IMAGE_PATH, SegmindServer, redactKey } from './segmindServer';

const DEFAULT_PORT = 8787;

function stamp(): string {
  return new Date().toISOString().slice(11, 23);
}

async function startServer(port: number, apiKeys: string[]): Promise<SegmindServer> {
  const options = {
    apiKeys,
    credits: 25,
    log: (line: string) => console.log(`${stamp()} ${line}`),
  };
  try {
    return await SegmindServer.start({ ...options, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && port !== 0) {
      console.warn(`Port ${port} is taken; using a free port instead.`);
      return SegmindServer.start({ ...options, port: 0 });
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const envPort = process.env.RESTYLE_DEV_SERVER_PORT;
  const port = envPort !== undefined && envPort !== '' ? Number(envPort) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`RESTYLE_DEV_SERVER_PORT must be a port number, got "${envPort}"`);
  }
  const envKey = process.env.RESTYLE_DEV_API_KEY;
  const key = envKey !== undefined && envKey !== '' ? envKey : 'test-key';
  const apiKeys = Array.from(new Set([key, 'test-key']));

  const server = await startServer(port, apiKeys);
  const u = server.url;
  const lines = [
    '',
    'Restyle dev server: a local stand-in for the Segmind API',
    '',
    `  URL:        ${u}`,
    `  API key:    ${key}${key !== 'test-key' ? '   (test-key works too)' : ''}   ('forbidden-key' always gets 403)`,
    `  Credits:    ${server.credits}`,
    `  Endpoints:  POST ${IMAGE_PATH}   GET ${CREDITS_PATH}`,
    '',
    'Point the extension at it in settings.json:',
    `  "restyle.endpoint": "${u}"`,
    `then run "Restyle: Set Segmind API Key" and enter ${key}.`,
    '',
    'Control endpoints (no key needed):',
    `  GET  ${u}${CONTROL_PREFIX}state        -> { credits, requestCount }`,
    `  GET  ${u}${CONTROL_PREFIX}requests     -> recorded requests (image bytes summarised)`,
    `  POST ${u}${CONTROL_PREFIX}fail-next    { "fault": {...}, "count": 1 }`,
    `  POST ${u}${CONTROL_PREFIX}credits      { "credits": 0.05 }`,
    `  POST ${u}${CONTROL_PREFIX}reset`,
    '  Fault kinds: status (status, body?, contentType?, headers?), html (status), stall, cut, truncate,',
    '               delay (ms), garbage-credits, no-credits-header, json-shape (shape: image|images|bare|unknown)',
    '',
    'Example: make the next generation fail with a 502 gateway page:',
    `  curl -X POST ${u}${CONTROL_PREFIX}fail-next -H 'content-type: application/json' \\`,
    `       -d '{"fault":{"kind":"html","status":502}}'`,
    'Example: rate limit the next two calls:',
    `  curl -X POST ${u}${CONTROL_PREFIX}fail-next -H 'content-type: application/json' \\`,
    `       -d '{"fault":{"kind":"status","status":429,"body":"{\\"error\\":\\"Rate limit exceeded\\"}","headers":{"x-rate-limit-reset-at-utc":"2030-01-01T00:00:00.000Z"}},"count":2}'`,
    '',
    `Requests are logged below (keys shown as ${redactKey(key)}). Ctrl+C to stop.`,
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: closing the dev server…`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
