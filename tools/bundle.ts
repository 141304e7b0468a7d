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
 * - Zod is imported as a namespace, so that only the parts azvmsec uses are bundled, and its ~70
 *   message locales are left out: azvmsec uses only English (zod's default) and never `z.locales`.
 *   Together they cut zod from ~750 kB to ~140 kB of code to compile at every start.
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

// `import { z } from 'zod'` reaches zod's namespace through a re-export, which esbuild cannot
// tree-shake: every export (JSON Schema conversion and the rest) was bundled and compiled at each
// start. Importing the same namespace directly (zod's index.js is just `import * as z from
// './v4/classic/external.js'; export { z }`) lets esbuild keep only what azvmsec calls.
const ZOD_IMPORT = "import { z } from 'zod';";
const zodNamespace: Plugin = {
  name: 'zod-namespace',
  setup(bundler) {
    let external: string | undefined;
    bundler.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(path.join(root, 'dist') + path.sep)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(ZOD_IMPORT)) return undefined;
      if (external === undefined) {
        const index = await bundler.resolve('zod', { kind: 'import-statement', resolveDir: root });
        if (index.errors.length > 0 || !readFileSync(index.path, 'utf8').includes('import * as z from "./v4/classic/external.js"')) {
          throw new Error(`zod's index.js is no longer \`import * as z from "./v4/classic/external.js"\`; update tools/bundle.ts`);
        }
        external = path.join(path.dirname(index.path), 'v4', 'classic', 'external.js');
      }
      return { contents: source.replace(ZOD_IMPORT, `import * as z from ${JSON.stringify(external)};`), loader: 'js', resolveDir: path.dirname(args.path) };
    });
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
  plugins: [zodNamespace, zodEnglishOnly, commanderLazyChildProcess],
  // Less text for V8 to scan at every start; names are kept readable for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  // Bundled CommonJS (commander, picocolors) calls require() for Node's built-in modules.
  banner: { js: "import { createRequire as __azvmsecCreateRequire } from 'node:module'; const require = __azvmsecCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
