/**
 * npm run bench: azvmsec on generated estates of 1,000, 10,000 and 50,000 VMs (each measured in
 * a fresh process so memory peaks do not mix), the quickstart corpus end to end, and start-up as
 * whole processes. Never part of npm test.
 *
 * Environment: BENCH_SIZES=1000,10000 to choose the estates (BENCH_SIZES= for none); BENCH_SKIP=corpus,startup to skip parts;
 * BENCH_RUNS (default 7) start-up runs per command. Snapshots are written to bench/out/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- plain JavaScript next to the command line, without type declarations
import { LARGE_INPUT_BYTES, LARGE_INPUT_FLAGS, largeInputFlags } from '../bin/large-input.js';
import { writeEstate } from './estate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const sizes = (process.env['BENCH_SIZES'] ?? '1000,10000,50000').split(',').filter(Boolean).map(Number);
const skip = new Set((process.env['BENCH_SKIP'] ?? '').split(','));
const runs = Number(process.env['BENCH_RUNS'] ?? 7);
const NODE_ARGS = ['--max-old-space-size=8192', '--import', 'tsx'];

const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(0);
console.log(`azvmsec benchmark — ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${gib(totalmem())} GiB, Node ${process.version}`);
console.log(
  `load average at start: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}\n`,
);

interface ParseRun {
  parse: number;
  maxRss: number;
}
interface ScanRun {
  read: number;
  graph: number;
  exposure: number;
  rules: number;
  report: number;
  total: number;
  resources: number;
  evaluations: number;
  rules_run: number;
  json: { ms: number; bytes: number } | { error: string };
  maxRss: number;
  maxRssWithJson: number;
  baselineRss: number;
}

/** Runs a bench script; on a snapshot, with the Node flags the command line would use for it (bin/large-input.js). */
function child<T>(script: string, args: string[]): T {
  const flags = (largeInputFlags(args, []) as string[] | undefined) ?? [];
  const output = execFileSync(process.execPath, [...NODE_ARGS, ...flags, path.join(root, 'bench', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = output.trim().split('\n').pop() as string;
  return JSON.parse(line) as T;
}

// ---- Estates ----
const PARSE_RUNS = 3;
const estates: { vms: number; file: string; bytes: number; parse: ParseRun; parseRange: [number, number]; scan: ScanRun }[] = [];
for (const vms of sizes) {
  const file = path.join(out, `estate-${vms}.json`);
  const generated = writeEstate(file, vms);
  process.stderr.write(`estate of ${vms} VMs: ${generated.resources} resources, ${(generated.bytes / 1e6).toFixed(0)} MB; measuring…\n`);
  // The floor varies from process to process more than any phase (this machine: 3.8–5.4 s at 50,000 VMs): the median of three.
  const parses = Array.from({ length: PARSE_RUNS }, () => child<ParseRun>('scan-phases.ts', [file, '--parse-only'])).sort((a, b) => a.parse - b.parse);
  const parse = parses[PARSE_RUNS >> 1] as ParseRun;
  const scan = child<ScanRun>('scan-phases.ts', [file]);
  estates.push({ vms, file, bytes: statSync(file).size, parse, parseRange: [parses[0]?.parse ?? 0, parses[PARSE_RUNS - 1]?.parse ?? 0], scan });
}

if (estates.length > 0) {
  const ms = (n: number): string => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(0)} ms`);
  const mb = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;
  const rows: [string, ...string[]][] = [
    ['VMs', ...estates.map((e) => e.vms.toLocaleString('en'))],
    ['resources', ...estates.map((e) => e.scan.resources.toLocaleString('en'))],
    ['snapshot size', ...estates.map((e) => mb(e.bytes))],
    ['Node flags (as azvmsec scan)', ...estates.map((e) => (largeInputFlags([e.file], []) ? 'large input*' : 'default'))],
    [`JSON.parse (floor, median of ${PARSE_RUNS})`, ...estates.map((e) => ms(e.parse.parse))],
    [`JSON.parse, fastest–slowest`, ...estates.map((e) => `${ms(e.parseRange[0])}–${ms(e.parseRange[1])}`)],
    ['read', ...estates.map((e) => ms(e.scan.read))],
    ['graph', ...estates.map((e) => ms(e.scan.graph))],
    ['exposure analysis', ...estates.map((e) => ms(e.scan.exposure))],
    [`rules (${estates[0]?.scan.rules_run ?? 0})`, ...estates.map((e) => ms(e.scan.rules))],
    ['report (terminal)', ...estates.map((e) => ms(e.scan.report))],
    ['total', ...estates.map((e) => ms(e.scan.total))],
    ['total / parse', ...estates.map((e) => `${(e.scan.total / e.parse.parse).toFixed(1)}×`)],
    ['peak RSS', ...estates.map((e) => mb(e.scan.maxRss))],
    ['peak RSS / snapshot', ...estates.map((e) => `${(e.scan.maxRss / e.bytes).toFixed(1)}×`)],
    ['peak RSS of JSON.parse alone', ...estates.map((e) => mb(e.parse.maxRss))],
    ['evaluations', ...estates.map((e) => e.scan.evaluations.toLocaleString('en'))],
    [
      '--format json (streamed to a file), after',
      ...estates.map((e) => ('error' in e.scan.json ? `fails: ${e.scan.json.error}` : `${ms(e.scan.json.ms)}, ${mb(e.scan.json.bytes)}`)),
    ],
    ['peak RSS with it', ...estates.map((e) => mb(e.scan.maxRssWithJson))],
  ];
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  console.log('Generated estates (snapshot files, one fresh process per size and per measure)');
  for (const row of rows) console.log('  ' + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('   '));
  console.log(`  * a file of ${LARGE_INPUT_BYTES / 2 ** 20} MiB or more: node ${LARGE_INPUT_FLAGS.join(' ')} (bin/large-input.js)`);
  for (let i = 1; i < estates.length; i++) {
    const a = estates[i - 1] as (typeof estates)[number];
    const b = estates[i] as (typeof estates)[number];
    const exponent = (x: number, y: number): string => (Math.log(y / x) / Math.log(b.vms / a.vms)).toFixed(2);
    console.log(
      `  scaling exponent ${a.vms.toLocaleString('en')} → ${b.vms.toLocaleString('en')} VMs: total ${exponent(a.scan.total, b.scan.total)}, ` +
        `JSON.parse ${exponent(a.parse.parse, b.parse.parse)}, peak RSS ${exponent(a.scan.maxRss, b.scan.maxRss)}`,
    );
    console.log(
      `    per phase: read ${exponent(a.scan.read, b.scan.read)}, graph ${exponent(a.scan.graph, b.scan.graph)}, ` +
        `exposure analysis ${exponent(a.scan.exposure, b.scan.exposure)}, rules ${exponent(a.scan.rules, b.scan.rules)}, report ${exponent(a.scan.report, b.scan.report)}`,
    );
  }
  const largest = estates[estates.length - 1] as (typeof estates)[number];
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const ratio = largest.scan.total / largest.parse.parse;
  const memory = largest.scan.maxRss / largest.bytes;
  const exponents = estates
    .slice(1)
    .map(
      (b, i) => Math.log(b.scan.total / (estates[i] as (typeof estates)[number]).scan.total) / Math.log(b.vms / (estates[i] as (typeof estates)[number]).vms),
    );
  console.log(`  target total ≤ 3× JSON.parse at ${largest.vms.toLocaleString('en')} VMs: ${ratio.toFixed(1)}× — ${verdict(ratio <= 3)}`);
  console.log(`  target peak memory ≤ 4× snapshot size: ${memory.toFixed(1)}× — ${verdict(memory <= 4)}`);
  if (exponents.length > 0) console.log(`  target scaling exponent ≤ 1.1: ${Math.max(...exponents).toFixed(2)} — ${verdict(Math.max(...exponents) <= 1.1)}`);
  console.log('');
}

// ---- The quickstart corpus ----
if (!skip.has('corpus')) {
  const corpus = path.resolve(root, '../shared/corpus/azure-quickstart-templates');
  if (!existsSync(corpus)) console.log(`Quickstart corpus: not found at ${corpus}, skipped\n`);
  else {
    const result = child<{
      templates: number;
      seconds: number;
      slowest: [string, number][];
      bicep: { files: number; seconds: number; builtSeconds: number; slowest: [string, number][] };
    }>('corpus-templates.ts', []);
    console.log(
      `Quickstart corpus: ${result.templates} templates in ${result.seconds.toFixed(1)} s, ${(result.templates / result.seconds).toFixed(0)} templates/s end to end (read, expand, graph, rules, JSON report)`,
    );
    console.log('  slowest ten:');
    for (const [template, time] of result.slowest) console.log(`  ${time.toFixed(0).padStart(7)} ms  ${template}`);
    const { bicep } = result;
    console.log(
      `Bicep: ${bicep.files} main.bicep files compiled and checked in ${bicep.seconds.toFixed(1)} s, ${(bicep.files / bicep.seconds).toFixed(0)} files/s; ` +
        `the azuredeploy.json Bicep built from them took ${bicep.builtSeconds.toFixed(1)} s in the same run (${(bicep.seconds / bicep.builtSeconds).toFixed(2)}×)`,
    );
    console.log('  slowest ten:');
    for (const [file, time] of bicep.slowest) console.log(`  ${time.toFixed(0).padStart(7)} ms  ${file}`);
    console.log('');
  }
}

// ---- Start-up, as whole processes ----
if (!skip.has('startup')) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  const bin = path.join(root, 'bin', 'azvmsec.js');
  if (build.status !== 0) console.log(`(npm run build reported errors; start-up is measured on the dist/ it left)`);
  const template = path.resolve(root, '../shared/corpus/azure-quickstart-templates/quickstarts/microsoft.compute/vm-simple-linux/azuredeploy.json');
  const target = existsSync(template) ? template : path.join(root, 'examples', 'spoke-web');
  const median = (args: string[]): number => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'ignore' });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] as number;
  };
  const nodeOnly = (() => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
  })();
  const version = median(['--version']);
  const scan = median(['scan', target, '--no-color']);
  console.log(`Start-up (whole processes, median of ${runs}; node -e 0 alone: ${nodeOnly.toFixed(0)} ms)`);
  console.log(`  azvmsec --version                      ${version.toFixed(0).padStart(5)} ms`);
  console.log(
    `  azvmsec scan <one template>            ${scan.toFixed(0).padStart(5)} ms  (${path.relative(root, target)}) — target < 400 ms: ${scan < 400 ? 'met' : 'NOT met'}`,
  );
}
