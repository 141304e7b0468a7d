/**
 * `npm run build`, second step: bundles the command line (dist/cli/main.js, as tsc wrote it) into a
 * few files under dist/bundle/, which bin/azvmsec.js loads. Node 20 has no compile cache, and
 * resolving, reading and linking ~300 separate ES modules was most of a one-template scan's
 * start-up; a bundle is read in a handful of files. The library (dist/index.js) stays as tsc wrote it.
 *
 * - The commands other than `scan` stay separate chunks (main.ts imports them on demand).
 * - External: @cdktf/hcl2json (loads its WebAssembly from its own folder; only Terraform scans),
 *   @azure/identity (only --live and collect) and yaml (only with a configuration file; loaded
 *   with require by src/config/load.ts).
 * - commander's child_process (for executable subcommands) is required on first use only.
 * - Zod's ~70 message locales are left out: azvmsec uses only English (zod's default) and never
 *   `z.locales`; they were ~45% of zod's code.
 * - dist/bundle/ sits two folders below the package root, as dist/cli/ does, so that
 *   `new URL('../../docs/rules/', import.meta.url)` still finds the rule pages.
 */
import { build, type Plugin } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

// commander requires child_process at load for executable subcommands, which azvmsec has none of:
// loading it lazily saves Node ~10-30 ms of compiling its networking modules at every start.
const CHILD_PROCESS = "const childProcess = require('node:child_process');";
const commanderLazyChildProcess: Plugin = {
  name: 'commander-lazy-child-process',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(CHILD_PROCESS)) throw new Error(`${args.path}: no "${CHILD_PROCESS}" any more; update tools/bundle.ts`);
      return {
        contents: source.replace(CHILD_PROCESS, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"),
        loader: 'js',
      };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/cli/main.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@cdktf/hcl2json', '@azure/identity', 'yaml'],
  plugins: [zodEnglishOnly, commanderLazyChildProcess],
  // Less text for V8 to scan at every start; names are kept readable for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  // Bundled CommonJS (commander, picocolors, ignore) calls require() for Node's built-in modules.
  banner: { js: "import { createRequire as __azvmsecCreateRequire } from 'node:module'; const require = __azvmsecCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
