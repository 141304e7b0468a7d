import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/inputs/snapshot/collector/collect.js';
import { cli } from '../support/cli.js';
import { startFakeAzure, type FakeAzure } from '../support/fake-azure.js';
import { smallTenant, SUB_FORBIDDEN } from '../support/fake-tenant.js';

let server: FakeAzure;
let env: Record<string, string>;
const dir = mkdtempSync(path.join(tmpdir(), 'azvmsec-live-'));

beforeAll(async () => {
  // Retry-After 0: the CLI has no knob for shorter waits, and none is needed here.
  server = await startFakeAzure(smallTenant(), { graphPageSize: 2, throttleResourceGraphRequests: [2], retryAfter: '0' });
  env = { AZVMSEC_ARM_TOKEN: 'cli-arm-token', AZVMSEC_GRAPH_TOKEN: 'cli-graph-token', AZVMSEC_ARM_ENDPOINT: server.url, AZVMSEC_GRAPH_ENDPOINT: server.url };
});
afterAll(async () => server.close());

interface JsonEvaluation {
  ruleId: string;
  status: string;
  resource: { id: string; input: string };
  findings: unknown[];
}

function evaluations(stdout: string): Omit<JsonEvaluation, 'resource'>[] {
  const report = JSON.parse(stdout) as { evaluations: JsonEvaluation[] };
  return report.evaluations.map(({ resource, ...rest }) => ({ ...rest, resourceId: resource.id }));
}

describe('azvmsec collect and scan --live', () => {
  it('a collected snapshot scanned offline gives the same evaluations as scan --live', async () => {
    const snapshotFile = path.join(dir, 'snapshot.json');
    const collected = await cli(['collect', '-o', snapshotFile], { env });
    expect(collected.code).toBe(0);
    expect(collected.stderr).toMatch(/wrote .*snapshot\.json: \d+ resources from 3 subscription\(s\)/);
    expect(collected.stderr).toContain(`(${SUB_FORBIDDEN}): 403 missing Security Reader`);
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { format: string; collection: { errors: unknown[] } };
    expect(snapshot.format).toBe('azvmsec-snapshot');
    expect(readFileSync(snapshotFile, 'utf8')).not.toMatch(/cli-(arm|graph)-token/);

    const offline = await cli(['scan', snapshotFile, '-f', 'json', '--fail-on', 'none'], { env });
    const live = await cli(['scan', '--live', '-f', 'json', '--fail-on', 'none', '--save-snapshot', path.join(dir, 'again.json.gz')], { env });
    expect(offline.code).toBe(0);
    expect(live.code).toBe(0);
    // Nothing but the report on stdout, and no progress on a non-terminal.
    expect(live.stderr).toBe('');
    const fromFile = evaluations(offline.stdout);
    expect(fromFile.length).toBeGreaterThan(10);
    expect(fromFile.some((e) => e.status === 'fail')).toBe(true);
    expect(evaluations(live.stdout)).toEqual(fromFile);

    const liveInputs = (JSON.parse(live.stdout) as { inputs: { path: string; kind: string; status: string }[] }).inputs;
    expect(liveInputs).toEqual([expect.objectContaining({ path: 'live', kind: 'snapshot', status: 'partial' })]);
    const offlineInputs = (JSON.parse(offline.stdout) as { inputs: { kind: string }[] }).inputs;
    expect(offlineInputs).toEqual([expect.objectContaining({ kind: 'snapshot' })]);

    // The gzipped snapshot --save-snapshot wrote scans the same way.
    expect(JSON.parse(gunzipSync(readFileSync(path.join(dir, 'again.json.gz'))).toString()).format).toBe('azvmsec-snapshot');
    const gz = await cli(['scan', path.join(dir, 'again.json.gz'), '-f', 'json', '--fail-on', 'none'], { env });
    expect(evaluations(gz.stdout)).toEqual(fromFile);
  });

  it('scanning a snapshot of a collection where every read failed exits 2: nothing was checked', async () => {
    // Before: the input was partial, so the scan exited 0 as if the estate were clean.
    const { snapshot } = await collectSnapshot({ toolVersion: 'test', endpoints: { arm: server.url, graph: server.url }, tokens: {}, delayScale: 0 });
    const file = path.join(dir, 'nothing.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const result = await cli(['scan', file, '--fail-on', 'none'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no input could be read/);
  });

  it('shows progress on a terminal, on standard error', async () => {
    const result = await cli(['collect', '-o', path.join(dir, 'tty.json')], { env, isTty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('\r\u001b[Kresource-graph: ');
    expect(result.stderr).toContain('\r\u001b[Kmicrosoft-graph: ');
  });

  it('rejects paths with --live and --save-snapshot without it', async () => {
    expect((await cli(['scan', '--live', 'examples'], { env })).code).toBe(2);
    expect((await cli(['scan', 'examples', '--save-snapshot', 'x.json'], { env })).code).toBe(2);
    expect((await cli(['collect', '-o', 'x.json', '--subscription', 'not-a-guid'], { env })).code).toBe(2);
  });

  it('documents every option in scan --help and collect --help', async () => {
    const scanHelp = (await cli(['scan', '--help'])).stdout;
    for (const option of [
      '--format',
      '--output',
      '--lang',
      '--fail-on',
      '--param-file',
      '--exclude',
      '--no-color',
      '--live',
      '--save-snapshot',
      '--subscription',
      '--management-group',
      '--tenant',
      '--cloud',
      '--arm-endpoint',
      '--graph-endpoint',
      '--authority-host',
      'AZVMSEC_ARM_TOKEN',
      'AZVMSEC_GRAPH_TOKEN',
    ]) {
      expect(scanHelp).toContain(option);
    }
    const collectHelp = (await cli(['collect', '--help'])).stdout;
    for (const option of ['--output', '--subscription', '--management-group', '--tenant', '--cloud', 'AzureChinaCloud', 'Security Reader', 'Policy.Read.All']) {
      expect(collectHelp).toContain(option);
    }
  });
});
