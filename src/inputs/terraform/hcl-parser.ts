import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';

/**
 * `@cdktf/hcl2json`, HashiCorp's HCL parser compiled from Go to WebAssembly, run in a worker
 * thread of its own. In the scan's own thread, a hostile file could take the whole scan down: a
 * file nested a few thousand levels deep overflows the WebAssembly stack, which leaves the Go
 * runtime broken, and the next file parsed then ends the process ("fatal error: malloc deadlock")
 * or leaves it waiting forever. In a worker, such a file is an error for that file alone: a worker
 * whose parser overflowed, stopped or took too long is ended, and the next file gets a new one.
 * The Go runtime's globals (`Go`, `fs`, `require`) stay out of the scan's thread as well.
 */

/** How long one file may take (a 4 MiB file, the largest read, takes about 7 s on a 2-core machine). */
export const HCL_PARSE_TIMEOUT_MS = 60_000;

/** Why a file could not be parsed: the parser's own message (`main.tf:3,7-8: …`) or what stopped it. */
export class HclParseError extends Error {}

/** Plain CommonJS, evaluated as the worker's script: nothing to build or bundle. */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { parse } = require(workerData.hcl2json);
parentPort.on('message', ({ id, file, text }) => {
  parse(file, text).then(
    (json) => parentPort.postMessage({ id, json }),
    (error) => parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error), broken: error instanceof RangeError }),
  );
});
`;

interface Pending {
  readonly resolve: (json: unknown) => void;
  readonly reject: (error: HclParseError) => void;
  readonly timer: NodeJS.Timeout;
}

interface Reply {
  readonly id: number;
  readonly json?: unknown;
  readonly error?: string;
  /** The parser overflowed its stack: its runtime cannot be trusted with another file. */
  readonly broken?: boolean;
}

class HclParser {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  constructor(private readonly timeoutMs: number) {}

  /** hcl2json's JSON for one file's text; rejects with an HclParseError. */
  parse(file: string, text: string): Promise<unknown> {
    const worker = this.#started();
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#stop(worker, `the HCL parser did not finish within ${this.timeoutMs / 1000} s`), this.timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      // Waiting on a file keeps the process alive; an idle worker does not.
      worker.ref();
      worker.postMessage({ id, file, text });
    });
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const load = createRequire(import.meta.url);
    const hcl2json = load.resolve('@cdktf/hcl2json');
    // Loaded here, with the first Terraform file: a scan without one does not pay for it at start-up.
    const { Worker } = load('node:worker_threads') as typeof WorkerThreads;
    const worker = new Worker(WORKER_SCRIPT, { eval: true, workerData: { hcl2json } });
    worker.on('message', (reply: Reply) => this.#settle(worker, reply));
    worker.on('error', (error) => this.#stop(worker, `the HCL parser failed: ${error.message}`));
    worker.on('exit', (code) => this.#stop(worker, `the HCL parser stopped (exit code ${code})`));
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  #settle(worker: Worker, reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.error === undefined) pending.resolve(reply.json);
    else pending.reject(new HclParseError(reply.broken ? `nested too deeply for the HCL parser (${reply.error})` : reply.error));
    if (reply.broken) this.#stop(worker, 'the HCL parser was restarted after a file nested too deeply');
    else if (this.#pending.size === 0) worker.unref();
  }

  /** Ends `worker` (if it is still the current one): whatever it still had to parse fails with `reason`. */
  #stop(worker: Worker, reason: string): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new HclParseError(reason));
      this.#pending.delete(id);
    }
    void worker.terminate();
  }
}

const parser = new HclParser(HCL_PARSE_TIMEOUT_MS);

/** Parses one `.tf` or `.tfvars` file's text to hcl2json's JSON; an error names why (and where, when the parser says). */
export function parseHcl(file: string, text: string): Promise<unknown> {
  return parser.parse(file, text);
}

/** A parser with its own worker and time limit (tests). */
export function hclParser(timeoutMs: number): { parse(file: string, text: string): Promise<unknown> } {
  return new HclParser(timeoutMs);
}
