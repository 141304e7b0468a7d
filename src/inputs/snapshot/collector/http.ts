/**
 * The collector's HTTP layer: plain `fetch` with a small throttling layer of our own.
 *
 * Why not the SDK clients (`@azure/arm-resourcegraph`, `@azure/arm-security`, the msgraph SDK):
 * they would add a dozen packages for three endpoints, each with its own retry policy, and make
 * the two things this layer exists for awkward — one request counter across Resource Graph, ARM
 * and Microsoft Graph (the benchmark and the tests assert it), and custom endpoints for sovereign
 * clouds and the local test server. What the layer does:
 * - read-only by construction: GET, and POST only to the Resource Graph query endpoint and to
 *   Microsoft Graph `$batch` (whose sub-requests the Graph helper keeps to GET);
 * - bounded parallelism per API;
 * - throttling honoured: 429 and 503 wait for `Retry-After` (or `x-ms-retry-after-ms`), other 5xx
 *   and network errors back off exponentially, and Resource Graph's `x-ms-user-quota-remaining`
 *   / `x-ms-user-quota-resets-after` hold further queries until the quota resets;
 * - a continuation link is followed only to the host the first request went to, so a token is
 *   never sent elsewhere.
 */

export type Api = 'resourceGraph' | 'arm' | 'microsoftGraph';

export interface HttpOptions {
  /** Bearer token for each API; a rejection fails that request (recorded by the caller). */
  readonly token: (api: Api) => Promise<string>;
  readonly fetch?: typeof fetch;
  /** Requests in flight per API (default 4). */
  readonly maxConcurrency?: number;
  /** Retries of one request after throttling or a server error (default 5). */
  readonly maxRetries?: number;
  /** Multiplies every wait; tests and the benchmark use a tiny value (default 1). */
  readonly delayScale?: number;
  readonly signal?: AbortSignal;
  /** Told of each wait, for the progress display. */
  readonly onWait?: (api: Api, milliseconds: number, why: string) => void;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body; undefined when empty or not JSON. */
  readonly body: unknown;
}

export interface RequestCounts {
  resourceGraph: number;
  arm: number;
  microsoftGraph: number;
  retries: number;
}

const ARG_QUERY_PATH = /\/providers\/Microsoft\.ResourceGraph\/resources$/i;
const GRAPH_BATCH_PATH = /\/\$batch$/;

/** Throws unless the request only reads: GET, or POST to the Resource Graph query or Graph `$batch`. */
export function assertReadOnly(method: string, url: string): void {
  if (method === 'GET') return;
  const path = new URL(url).pathname;
  if (method === 'POST' && (ARG_QUERY_PATH.test(path) || GRAPH_BATCH_PATH.test(path))) return;
  throw new Error(`azvmsec collects read-only: refusing ${method} ${path}`);
}

export class RestClient {
  readonly counts: RequestCounts = { resourceGraph: 0, arm: 0, microsoftGraph: 0, retries: 0 };
  private readonly fetch: typeof fetch;
  private readonly slots = new Map<Api, Semaphore>();
  private readonly resumeAt = new Map<Api, number>();

  constructor(private readonly options: HttpOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  get(api: Api, url: string): Promise<HttpResponse> {
    return this.send(api, 'GET', url);
  }

  post(api: Api, url: string, body: unknown): Promise<HttpResponse> {
    return this.send(api, 'POST', url, body);
  }

  async send(api: Api, method: 'GET' | 'POST', url: string, body?: unknown): Promise<HttpResponse> {
    assertReadOnly(method, url);
    const semaphore = this.semaphore(api);
    await semaphore.acquire();
    try {
      return await this.sendWithRetries(api, method, url, body);
    } finally {
      semaphore.release();
    }
  }

  private async sendWithRetries(api: Api, method: 'GET' | 'POST', url: string, body: unknown): Promise<HttpResponse> {
    const maxRetries = this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      await this.waitForQuota(api);
      const token = await this.options.token(api);
      this.counts[api]++;
      if (attempt > 0) this.counts.retries++;
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          ...(this.options.signal ? { signal: this.options.signal } : {}),
        });
      } catch (error) {
        if (this.options.signal?.aborted || attempt >= maxRetries) throw error;
        await this.wait(api, backoff(attempt), 'network error');
        continue;
      }
      this.noteQuota(api, response.headers);
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < maxRetries) {
        await response.arrayBuffer().catch(() => undefined);
        const hinted = retryAfter(response.headers);
        await this.wait(api, hinted ?? backoff(attempt), response.status === 429 ? 'throttled (429)' : `server error (${response.status})`);
        continue;
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, body: parsed };
    }
  }

  private semaphore(api: Api): Semaphore {
    let semaphore = this.slots.get(api);
    if (!semaphore) {
      semaphore = new Semaphore(this.options.maxConcurrency ?? 4);
      this.slots.set(api, semaphore);
    }
    return semaphore;
  }

  /** Resource Graph's per-user quota: when none is left, hold queries until it resets. */
  private noteQuota(api: Api, headers: Headers): void {
    const remaining = headers.get('x-ms-user-quota-remaining');
    const resetsAfter = headers.get('x-ms-user-quota-resets-after');
    if (remaining === null || resetsAfter === null || Number(remaining) > 0) return;
    const milliseconds = parseTimeSpan(resetsAfter);
    if (milliseconds === undefined) return;
    const until = Date.now() + milliseconds * (this.options.delayScale ?? 1);
    this.resumeAt.set(api, Math.max(this.resumeAt.get(api) ?? 0, until));
  }

  private async waitForQuota(api: Api): Promise<void> {
    const until = this.resumeAt.get(api);
    if (until === undefined) return;
    const milliseconds = until - Date.now();
    if (milliseconds > 0) {
      this.options.onWait?.(api, milliseconds, 'quota exhausted');
      await sleep(milliseconds, this.options.signal);
    }
  }

  /** Waits before more requests to `api` (Graph `$batch` sub-requests carry their own Retry-After). */
  pause(api: Api, milliseconds: number, why: string): Promise<void> {
    return this.wait(api, milliseconds, why);
  }

  private async wait(api: Api, milliseconds: number, why: string): Promise<void> {
    const scaled = milliseconds * (this.options.delayScale ?? 1);
    this.options.onWait?.(api, scaled, why);
    await sleep(scaled, this.options.signal);
  }
}

/** Exponential back-off with jitter: about 0.5 s, 1 s, 2 s, … up to 30 s. */
function backoff(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

/** `Retry-After` in seconds or as an HTTP date, or `x-ms-retry-after-ms`, in milliseconds. */
export function retryAfter(headers: Headers): number | undefined {
  const ms = headers.get('x-ms-retry-after-ms') ?? headers.get('retry-after-ms');
  if (ms !== null && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** `hh:mm:ss` (Resource Graph's quota reset) in milliseconds. */
export function parseTimeSpan(value: string): number | undefined {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return ((Number(days ?? 0) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000;
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  if (milliseconds <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** Runs `work` on every item with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(runners);
  return results;
}
