import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Report } from '../findings/types.js';
import type { CollectResult, ProgressEvent } from '../inputs/snapshot/collector/collect.js';
import { nothingCollected, readSnapshotValue } from '../inputs/snapshot/read.js';
import { markUnevaluated } from '../inputs/unevaluated.js';
import type { Snapshot } from '../inputs/snapshot/schema.js';
import { snapshotChunks } from '../inputs/snapshot/write.js';
import { ResourceGraph } from '../model/graph.js';
import { batched } from '../reporters/stream.js';
import type { InputSummary } from '../model/input.js';
import { RULES } from '../rules/index.js';
import { buildReport, type ReportOptions } from '../scan.js';
import type { Rule } from '../rules/define-rule.js';
import { VERSION } from '../version.js';
import type { LiveOptions } from './live-options.js';
import { EXIT, type CliIo } from './main.js';

/**
 * `azvmsec collect` and the collecting half of `azvmsec scan --live`. The collector is imported
 * here, on demand. Progress goes to standard error, on a terminal only.
 */

/** Runs the collector with the CLI's options and environment. */
export async function collectLive(options: LiveOptions, io: CliIo): Promise<CollectResult> {
  const { collectSnapshot } = await import('../inputs/snapshot/collector/collect.js');
  const env = io.env;
  const endpoints = {
    ...((options.armEndpoint ?? env['AZVMSEC_ARM_ENDPOINT']) ? { arm: (options.armEndpoint ?? env['AZVMSEC_ARM_ENDPOINT']) as string } : {}),
    ...((options.graphEndpoint ?? env['AZVMSEC_GRAPH_ENDPOINT']) ? { graph: (options.graphEndpoint ?? env['AZVMSEC_GRAPH_ENDPOINT']) as string } : {}),
    ...((options.authorityHost ?? env['AZVMSEC_AUTHORITY_HOST']) ? { authority: (options.authorityHost ?? env['AZVMSEC_AUTHORITY_HOST']) as string } : {}),
  };
  const armToken = env['AZVMSEC_ARM_TOKEN'];
  const graphToken = env['AZVMSEC_GRAPH_TOKEN'];
  const progress = progressDisplay(io);
  try {
    return await collectSnapshot({
      toolVersion: VERSION,
      subscriptions: options.subscription,
      managementGroups: options.managementGroup,
      ...(options.tenant ? { tenantId: options.tenant } : {}),
      cloud: options.cloud,
      endpoints,
      ...(armToken || graphToken ? { tokens: { arm: armToken, graph: graphToken } } : {}),
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }
}

/** Writes a snapshot as JSON, gzipped when the name ends in `.gz`, as it is serialised (it can pass the largest string V8 holds). */
export async function saveSnapshot(snapshot: Snapshot, file: string, io: CliIo): Promise<string> {
  const target = path.resolve(io.cwd, file);
  const text = Readable.from(batched(snapshotChunks(snapshot)));
  await (/\.gz$/i.test(target) ? pipeline(text, createGzip(), createWriteStream(target)) : pipeline(text, createWriteStream(target)));
  return target;
}

export async function collectCommand(options: LiveOptions & { readonly output: string }, io: CliIo): Promise<number> {
  const { snapshot, requests } = await collectLive(options, io);
  await saveSnapshot(snapshot, options.output, io);
  const { errors, subscriptions } = snapshot.collection;
  io.stderr(
    `azvmsec: wrote ${options.output}: ${snapshot.resources.length} resources from ${subscriptions.length} subscription(s), ` +
      `${requests.resourceGraph} Resource Graph, ${requests.arm} ARM and ${requests.microsoftGraph} Microsoft Graph requests` +
      (errors.length > 0 ? `, ${errors.length} read(s) failed (see collection.errors)` : '') +
      '\n',
  );
  for (const error of errors.slice(0, 10)) {
    io.stderr(
      `  ${error.source} ${error.operation}${error.scope ? ` (${error.scope})` : ''}: ${error.status ?? ''} ${error.missingPermission ? `missing ${error.missingPermission}` : error.message}\n`,
    );
  }
  if (errors.length > 10) io.stderr(`  … and ${errors.length - 10} more\n`);
  if (nothingCollected(snapshot)) {
    io.stderr('azvmsec: every read failed: the snapshot holds nothing to check\n');
    return EXIT.usage;
  }
  return EXIT.clean;
}

/** One status line on standard error, rewritten in place; nothing at all when stderr is not a terminal. */
function progressDisplay(io: CliIo): { update: (event: ProgressEvent) => void; done: () => void } {
  if (!(io.stderrIsTty ?? io.isTty)) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update(event) {
      io.stderr(`\r\x1b[K${event.phase}: ${event.message}`.slice(0, 200));
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

/** `azvmsec scan --live`: collect, optionally save, then read the snapshot exactly as a snapshot file is read. */
export async function liveReport(
  options: LiveOptions & { readonly saveSnapshot?: string },
  io: CliIo,
  reportOptions: ReportOptions & { readonly rules?: readonly Rule[] } = {},
): Promise<Report> {
  const { snapshot } = await collectLive(options, io);
  if (options.saveSnapshot !== undefined) await saveSnapshot(snapshot, options.saveSnapshot, io);
  // Through JSON, as `azvmsec scan snapshot.json` reads it, so both give the same evaluations.
  const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'live');
  const inputs: InputSummary[] = [{ path: 'live', kind: 'snapshot', status: read.status, resources: read.resources.length, diagnostics: read.diagnostics }];
  markUnevaluated(inputs, read.resources);
  return buildReport(
    inputs,
    new ResourceGraph(read.resources, reportOptions.network),
    reportOptions.rules ?? RULES.filter((rule) => rule.status === 'stable'),
    reportOptions,
  );
}
