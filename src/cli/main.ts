import path from 'node:path';
import { RULE_DATA_AS_OF } from '../rules/shared/dates.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { FORMATS, REPORTERS, type Format } from '../reporters/formats.js';
import { VERSION } from '../version.js';
import type { ExplainCommandOptions } from './explain-command.js';
import { addLiveOptions, CREDENTIALS_HELP, type LiveOptions } from './live-options.js';
import { isBrokenPipe, type ChunkSink } from './write-report.js';

/** What the CLI needs from the outside world; tests pass their own. */
/**
 * The deployment time `scan` and `explain` give templates (`utcNow()` in parameter defaults): the
 * day the rule data was last reviewed, which rules judge dates against too. Fixed, so that a
 * template naming its resources after the time gives the same names and fingerprints on every run.
 */
export const DEPLOYMENT_TIME = new Date(`${RULE_DATA_AS_OF}T00:00:00Z`);

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly isTty: boolean;
  /** Whether standard error is a terminal (progress of live collection); `isTty` when absent. */
  readonly stderrIsTty?: boolean;
  /** Standard output as a stream, so a large report waits for `drain`; when absent, `stdout` gets it in pieces of about 64 KiB. */
  readonly stdoutStream?: ChunkSink;
  /** Standard input, read by `scan -`; absent, `-` names nothing to read. */
  readonly stdin?: AsyncIterable<Uint8Array>;
  /** Whether standard input is a terminal (`scan -` then refuses to wait for typing). */
  readonly stdinIsTty?: boolean;
}

export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

const FORMAT_HELP = FORMATS.map((format) => `${format} (${REPORTERS[format].description})`).join(', ');

/**
 * The `azvmsec` command. Only this layer touches the process: it prints, and sets the exit code
 * it returns (0 clean, 1 failures at or above --fail-on, 2 usage, configuration or tool errors).
 * Heavy modules are imported inside the actions, so `--version` stays fast.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = new Command('azvmsec')
    .description('Checks how well Azure VMs are protected against ransomware and intrusion, point by point.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const lang = new Option('--lang <lang>', 'language of the report: en or ja (default: the config file, else LC_ALL, LC_MESSAGES or LANG)').choices([
    'en',
    'ja',
  ]);

  const scanCommandSpec = program
    .command('scan')
    .description('scan ARM templates, parameter files, Terraform, snapshots and exports under the paths, or live Azure with --live')
    .argument('[paths...]', 'files or folders to scan, - for standard input (default: "."; none with --live)')
    .addOption(new Option('-f, --format <format>', `output format: ${FORMAT_HELP}`).choices([...FORMATS]).default('terminal'))
    .option(
      '-o, --output <file>',
      'write the report to FILE instead of standard output; FORMAT=FILE writes that format too (repeatable: -o sarif=azvmsec.sarif -o html=report.html)',
      collect,
      [],
    )
    .addOption(lang)
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a check fails at or above this severity, suppressed ones aside (default: high, or failOn in the config)',
      ).choices(['critical', 'high', 'medium', 'low', 'info', 'none']),
    )
    .option('-c, --config <file>', 'configuration file (default: .azvmsec.yaml found upward from the first path, or the current folder with --live)')
    .option('--no-config', 'ignore any .azvmsec.yaml')
    .option('--profile <name>', 'run only the rules of a profile and group the report by its controls: mcsb-v1, cis-azure-5.0.0')
    .option('--baseline <report.json>', 'list only checks that are new or changed since this JSON report (from --format json); exit code counts only those')
    .option('-p, --param-file <file>', 'parameter file: FILE for every template, or TEMPLATE=FILE for one (repeatable)', collect, [])
    .option('--exclude <pattern>', '.gitignore-style pattern of paths to skip (repeatable; added to exclude in the config)', collect, [])
    .option('--var-file <file>', 'Terraform variables file for every root module, after terraform.tfvars and *.auto.tfvars (repeatable)', collect, [])
    .option('--var <name=value>', 'Terraform variable value, as terraform plan -var (repeatable)', collect, [])
    .option('--bicep-cache <dir>', 'local Bicep module cache to read registry modules from, as bicep restore leaves them (default: ~/.bicep)')
    .option('--no-color', 'no colours, even on a terminal')
    .option('--live', 'collect from Azure (Resource Graph, ARM, Microsoft Graph) and scan that, read-only')
    .option('--save-snapshot <file>', 'with --live: also write the collected snapshot (.json or .json.gz)');
  addLiveOptions(scanCommandSpec)
    .addHelpText('after', CREDENTIALS_HELP)
    .action(async (paths: string[], options: ScanCommandOptions) => {
      const { scanCommand } = await import('./scan-command.js');
      exitCode = await scanCommand(paths, options, io);
    });

  addLiveOptions(
    program
      .command('collect')
      .description('collect a snapshot of live Azure (Resource Graph, ARM, Microsoft Graph), read-only, for a later offline scan')
      .requiredOption('-o, --output <file>', 'snapshot file to write (.json, or .json.gz to compress)'),
  )
    .addHelpText('after', CREDENTIALS_HELP)
    .action(async (options: LiveOptions & { output: string }) => {
      const { collectCommand } = await import('./collect-command.js');
      exitCode = await collectCommand(options, io);
    });

  program
    .command('explain')
    .description('explain, port by port, whether a VM can be reached from the Internet and why')
    .argument('<vm>', 'VM name or resource id')
    .argument('[paths...]', 'files or folders to read, - for standard input', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .addOption(new Option('--lang <lang>', 'language: en or ja (default: the config file, else LC_ALL, LC_MESSAGES or LANG)').choices(['en', 'ja']))
    .option('-p, --param-file <file>', 'parameter file: FILE for every template, or TEMPLATE=FILE for one (repeatable)', collect, [])
    .option('--exclude <pattern>', '.gitignore-style pattern of paths to skip (repeatable)', collect, [])
    .option('--bicep-cache <dir>', 'local Bicep module cache to read registry modules from (default: ~/.bicep)')
    .option('-c, --config <file>', 'configuration file (default: .azvmsec.yaml found upward from the first path): its language and network')
    .option('--no-config', 'ignore any .azvmsec.yaml')
    .action(async (vm: string, paths: string[], options: ExplainCommandOptions) => {
      const { explainCommand } = await import('./explain-command.js');
      exitCode = await explainCommand(vm, paths, options, io);
    });

  program
    .command('diff')
    .description('compare two JSON reports (scan --format json): what improved and what regressed; exit 1 when something regressed')
    .argument('<old>', 'the earlier JSON report')
    .argument('<new>', 'the later JSON report')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json', 'markdown']).default('terminal'))
    .addOption(new Option('--lang <lang>', 'language: en or ja (default: LC_ALL, LC_MESSAGES or LANG)').choices(['en', 'ja']))
    .action(async (oldReport: string, newReport: string, options: DiffCommandOptions) => {
      const { diffCommand } = await import('./diff-command.js');
      exitCode = await diffCommand(oldReport, newReport, options, io);
    });

  program
    .command('rules')
    .description('list the rules, or show one rule’s documentation')
    .argument('[id]', 'rule id (AZV-VM-013) or name (linux-password-authentication)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .addOption(new Option('--lang <lang>', 'language: en or ja (default: LC_ALL, LC_MESSAGES or LANG)').choices(['en', 'ja']))
    .action(async (id: string | undefined, options: RulesCommandOptions) => {
      const { rulesCommand } = await import('./rules-command.js');
      exitCode = await rulesCommand(id, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (isCommanderExit(error)) return error.exitCode === 0 ? EXIT.clean : EXIT.usage;
    io.stderr(`azvmsec: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  return exitCode;
}

export interface ScanCommandOptions extends LiveOptions {
  readonly format: Format;
  /** FILE, or FORMAT=FILE entries. */
  readonly output: string[];
  readonly lang?: 'en' | 'ja';
  readonly failOn?: 'critical' | 'high' | 'medium' | 'low' | 'info' | 'none';
  /** A file, or false with --no-config. */
  readonly config?: string | false;
  readonly profile?: string;
  readonly baseline?: string;
  readonly paramFile: string[];
  readonly exclude: string[];
  /** Terraform `--var-file` and `--var`. */
  readonly varFile?: string[];
  readonly var?: string[];
  readonly bicepCache?: string;
  readonly color: boolean;
  readonly live?: boolean;
  readonly saveSnapshot?: string;
}

export interface DiffCommandOptions {
  readonly format: 'terminal' | 'json' | 'markdown';
  readonly lang?: 'en' | 'ja';
}

export interface RulesCommandOptions {
  readonly format: 'terminal' | 'json';
  readonly lang?: 'en' | 'ja';
}

/** The Bicep module cache to read: --bicep-cache, or `.bicep` in the home folder, where Bicep keeps it. */
export function bicepCacheOption(option: string | undefined, io: CliIo): { bicepCache?: string } {
  if (option !== undefined) return { bicepCache: path.resolve(io.cwd, option) };
  const home = io.env['HOME'] ?? io.env['USERPROFILE'];
  return home ? { bicepCache: path.join(home, '.bicep') } : {};
}

function collect(value: string, previous: string[]): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  return [...previous, value];
}

function isCommanderExit(error: unknown): error is { exitCode: number; code: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof (error as { code: unknown }).code === 'string' &&
    String((error as { code: string }).code).startsWith('commander.')
  );
}

/** Entry point for bin/azvmsec.js. */
export async function main(argv: readonly string[]): Promise<void> {
  // When the reader closes standard output early (`azvmsec rules | head -1`), stop writing it and
  // exit quietly, as git and ripgrep do: no message, no stack trace of an unhandled 'error' event.
  // The exit code is the command's own (see scan-command.ts); other write errors still throw.
  let stdoutClosed = false;
  process.stdout.on('error', (error: unknown) => {
    if (!isBrokenPipe(error)) throw error;
    stdoutClosed = true;
  });
  const code = await run(argv, {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    stdoutStream: process.stdout,
    stdin: process.stdin,
    stdinIsTty: Boolean(process.stdin.isTTY),
  });
  process.exitCode = code;
}
