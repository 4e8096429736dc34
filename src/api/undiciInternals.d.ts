// Types for the two undici modules the client imports directly. Importing them instead of
// 'undici' keeps undici's fetch, WebSocket, cache and mock code (about 210 KB) out of the bundle.
declare module 'undici/lib/dispatcher/agent' {
  import { Agent } from 'undici';
  export = Agent;
}

declare module 'undici/lib/api/api-request' {
  import type { Dispatcher } from 'undici';
  function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export = request;
}
