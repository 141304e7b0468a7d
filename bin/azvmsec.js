#!/usr/bin/env node
// The command line as one bundle (npm run build: tools/bundle.ts), so that it starts quickly.
import { fileURLToPath } from 'node:url';
import { largeInputFlags } from './large-input.js';

const args = process.argv.slice(2);
const flags = largeInputFlags(args, process.execArgv);
// A large snapshot: the same command in a Node with a larger young generation (bin/large-input.js).
// child_process is loaded only then: loading it is a tenth of a small scan's own start-up.
const relaunched =
  flags &&
  (await import('node:child_process')).spawnSync(process.execPath, [...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...args], {
    stdio: 'inherit',
  });
if (relaunched && !relaunched.error) {
  if (relaunched.signal) process.kill(process.pid, relaunched.signal);
  process.exitCode = relaunched.status ?? 1;
} else {
  const { main } = await import('../dist/bundle/main.js');
  await main(args);
}
