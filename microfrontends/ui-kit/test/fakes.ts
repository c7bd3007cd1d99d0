import type { ChannelLike, LockManagerLike } from '../src/api/session.js';

/** Web Locks as the browser gives them: one holder per name, the others wait their turn. */
export function fakeLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(callback, callback);
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

/** BroadcastChannel between tabs: a message reaches every other endpoint, never its sender. */
export function fakeChannelHub() {
  const endpoints: { listeners: ((event: { data: unknown }) => void)[] }[] = [];
  return {
    endpoint(): ChannelLike {
      const self = { listeners: [] as ((event: { data: unknown }) => void)[] };
      endpoints.push(self);
      return {
        postMessage(message) {
          const data = structuredClone(message);
          for (const other of endpoints) {
            if (other === self) continue;
            queueMicrotask(() => {
              for (const listener of other.listeners) listener({ data });
            });
          }
        },
        addEventListener(_type, listener) {
          self.listeners.push(listener);
        },
      };
    },
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export function grant(token: string, expiresIn = 600) {
  return { accessToken: token, tokenType: 'Bearer', expiresIn, user: { id: 'u1', displayName: 'Léa Bernard' } };
}

export const noTimers = { setTimer: () => 0, clearTimer: () => undefined };
