/**
 * Counts the requests the live collector sends for simulated tenants of growing size, served by
 * the same local fake of Resource Graph, ARM and Microsoft Graph the tests use.
 * Run: npm run bench:collector  (npx tsx bench/collector-requests.ts)
 * Requests grow with pages of 1,000 rows (and with subscriptions, for the few ARM-only reads),
 * not with resources: peers that call one SDK list per resource type per subscription, and one
 * GET per VM for details, need thousands.
 */
import { collectSnapshot } from '../src/inputs/snapshot/collector/collect.js';
import { startFakeAzure } from '../test/support/fake-azure.js';
import { scaledTenant } from '../test/support/fake-tenant.js';

const scenarios = [
  { vms: 100, subscriptions: 10 },
  { vms: 1_000, subscriptions: 10 },
  { vms: 10_000, subscriptions: 10 },
  { vms: 10_000, subscriptions: 50 },
];

const rows: string[][] = [['VMs', 'subscriptions', 'resources', 'Resource Graph', 'ARM', 'Microsoft Graph', 'total', 'seconds']];
for (const { vms, subscriptions } of scenarios) {
  const server = await startFakeAzure(scaledTenant(vms, subscriptions, 500));
  const started = performance.now();
  const { snapshot, requests } = await collectSnapshot({
    toolVersion: 'bench',
    endpoints: { arm: server.url, graph: server.url },
    tokens: { arm: 'bench', graph: 'bench' },
    delayScale: 0,
  });
  const seconds = (performance.now() - started) / 1000;
  await server.close();
  if (snapshot.collection.errors.length > 0) throw new Error(`unexpected errors: ${JSON.stringify(snapshot.collection.errors)}`);
  const total = requests.resourceGraph + requests.arm + requests.microsoftGraph;
  rows.push(
    [vms, subscriptions, snapshot.resources.length, requests.resourceGraph, requests.arm, requests.microsoftGraph, total, seconds.toFixed(2)].map(String),
  );
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
