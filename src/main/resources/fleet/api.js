// The service's API as the dashboard uses it: same origin only, the credential in this tab's
// sessionStorage (never in a URL or a cookie), and the watch stream read with fetch (an
// EventSource cannot send an Authorization header).

const KEY = 'connector-fleet.authorization';

export const auth = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
  apiKey: (encoded) => `ApiKey ${encoded.trim()}`,
  basic: (user, password) => `Basic ${btoa(unescape(encodeURIComponent(`${user}:${password}`)))}`,
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.reason ?? `HTTP ${status}`);
    this.status = status;
  }
}

function headers(extra = {}) {
  const authorization = auth.get();
  return authorization ? { Authorization: authorization, ...extra } : extra;
}

export async function get(path) {
  const response = await fetch(path, { headers: headers(), credentials: 'omit' });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export const enc = encodeURIComponent;

/**
 * Follows GET /_connector/_watch until stop() is called: calls onEvent(type, id, data) per event,
 * onState('live' | 'disconnected') as the stream comes and goes, and reconnects with
 * Last-Event-ID so that nothing is missed.
 */
export function watch(onEvent, onState) {
  let lastId = null;
  let stopped = false;
  let controller = null;
  (async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch('/_connector/_watch', { credentials: 'omit', signal: controller.signal,
          headers: headers(lastId ? { 'Last-Event-ID': lastId } : {}) });
        if (!response.ok) throw new ApiError(response.status, null);
        onState('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let pending = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          pending += value;
          let end;
          while ((end = pending.indexOf('\n\n')) >= 0) {
            const block = pending.slice(0, end);
            pending = pending.slice(end + 2);
            const event = { type: 'message', id: null, data: null };
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) event.id = line.slice(4);
              else if (line.startsWith('event: ')) event.type = line.slice(7);
              else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
            }
            if (event.id) lastId = event.id;
            if (event.data) onEvent(event.type, event.id, event.data);
          }
        }
      } catch (failed) {
        if (stopped) return;
      }
      onState('disconnected');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
  return { stop: () => { stopped = true; controller?.abort(); } };
}
