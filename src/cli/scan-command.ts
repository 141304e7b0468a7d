import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveConfig, selectRules } from '../config/load.js';
import { applyBaseline } from '../findings/baseline.js';
import type { Report } from '../findings/types.js';
import { localeFromEnvironment } from '../i18n/locale.js';
import { findProfile, PROFILES } from '../profiles/index.js';
import { STANDARD_INPUT } from '../inputs/files/streams.js';
import { isFormat, REPORTERS, type Format } from '../reporters/formats.js';
import { batched } from '../reporters/stream.js';
import { sarifLimitWarning } from '../reporters/sarif.js';
import { atLeast, type Severity } from '../rules/pillars.js';
import { RULES } from '../rules/index.js';
import { scan, type ReportOptions } from '../scan.js';
import { formatIssues, loadConfigFile } from './config-file.js';
import { bicepCacheOption, DEPLOYMENT_TIME, EXIT, type CliIo, type ScanCommandOptions } from './main.js';
import { readPreviousReport } from './previous-report.js';
import { standardInputRefusal } from './standard-input.js';
import { isBrokenPipe, writeChunks, writeFileChunks } from './write-report.js';

export async function scanCommand(paths: readonly string[], options: ScanCommandOptions, io: CliIo): Promise<number> {
  if (options.live && paths.length > 0) {
    io.stderr('azvmsec: --live scans Azure; give no paths with it (scan a saved snapshot with `azvmsec scan FILE`)\n');
    return EXIT.usage;
  }
  if (!options.live && options.saveSnapshot !== undefined) {
    io.stderr('azvmsec: --save-snapshot needs --live\n');
    return EXIT.usage;
  }
  if (paths.length === 0 && !options.live) paths = ['.'];
  const refusal = standardInputRefusal(paths, io);
  if (refusal !== undefined) {
    io.stderr(`azvmsec: ${refusal}\n`);
    return EXIT.usage;
  }
  const missing = paths.filter((p) => p !== STANDARD_INPUT && !existsSync(path.resolve(io.cwd, p)));
  if (missing.length > 0) {
    io.stderr(`azvmsec: no such file or folder: ${missing.join(', ')}\n`);
    return EXIT.usage;
  }
  const outputs = parseOutputs(options.output, options.format);
  if (typeof outputs === 'string') {
    io.stderr(`azvmsec: ${outputs}\n`);
    return EXIT.usage;
  }

  // Configuration: --config FILE, else .azvmsec.yaml upward from the first path; strict, exit 2 on any issue.
  const start = path.resolve(io.cwd, paths[0] ?? '.');
  const loaded = options.config === false ? { ok: true as const, config: {} } : await loadConfigFile(options.config, start, io.cwd);
  if (!loaded.ok) {
    io.stderr(formatIssues(loaded.file, loaded.issues));
    return EXIT.usage;
  }
  const config = loaded.config;
  const { resolved, issues } = resolveConfig(config, RULES);
  if (issues.length > 0) {
    io.stderr(formatIssues('file' in loaded && loaded.file ? loaded.file : '.azvmsec.yaml', issues));
    return EXIT.usage;
  }
  const profileName = options.profile ?? config.profile;
  const profile = profileName !== undefined ? findProfile(profileName) : undefined;
  if (profileName !== undefined && !profile) {
    io.stderr(`azvmsec: no profile "${profileName}"; profiles: ${PROFILES.map((p) => p.id).join(', ')}\n`);
    return EXIT.usage;
  }
  let baseline: Awaited<ReturnType<typeof readPreviousReport>> | undefined;
  if (options.baseline !== undefined) {
    baseline = await readPreviousReport(options.baseline, io.cwd);
    if (!baseline.ok) {
      io.stderr(`azvmsec: --baseline ${options.baseline}: ${baseline.message}\n`);
      return EXIT.usage;
    }
  }

  const locale = options.lang ?? config.language ?? localeFromEnvironment(io.env);
  const rules = selectRules(RULES, resolved);
  const reportOptions: ReportOptions = {
    ruleOptions: resolved.ruleOptions,
    severities: resolved.severities,
    ...(config.suppressions ? { suppressions: config.suppressions } : {}),
    ...(config.attestations ? { attestations: config.attestations } : {}),
    ...('file' in loaded && loaded.file ? { configSource: loaded.file } : {}),
    ...(profile ? { profile } : {}),
    ...(config.network ? { network: config.network } : {}),
    // The one place the clock is read: suppressions and attestations expire against it (templates
    // are deployed at DEPLOYMENT_TIME).
    now: new Date(),
  };
  let report = options.live
    ? await (await import('./collect-command.js')).liveReport(options, io, { rules, ...reportOptions })
    : await scan({
        paths,
        cwd: io.cwd,
        parameterFiles: options.paramFile,
        exclude: [...(config.exclude ?? []), ...options.exclude],
        varFiles: options.varFile ?? [],
        vars: options.var ?? [],
        ...bicepCacheOption(options.bicepCache, io),
        ...(io.stdin ? { stdin: io.stdin } : {}),
        deploymentTime: DEPLOYMENT_TIME,
        rules,
        ...reportOptions,
      });
  if (baseline?.ok && options.baseline !== undefined) report = applyBaseline(report, baseline.report, options.baseline);

  const srcRoot = pathToFileURL(io.cwd).href.replace(/\/?$/, '/');
  for (const output of outputs) {
    const color = output.file === undefined && options.color && io.isTty && io.env['NO_COLOR'] === undefined;
    // Streamed: the json, sarif, junit and csv reports of a large estate never exist as one string.
    const chunks = REPORTERS[output.format].chunks(report, RULES, locale, { color, srcRoot });
    if (output.file === undefined) {
      try {
        if (io.stdoutStream) await writeChunks(chunks, io.stdoutStream);
        else for (const piece of batched(chunks)) io.stdout(piece);
      } catch (error) {
        // The reader closed standard output (`azvmsec scan . | head -1`): stop writing it, say
        // nothing, as git and ripgrep do, and still write the --output files. The exit code stays
        // the scan's verdict (0 clean, 1 failures at or above --fail-on), not an I/O error: the scan
        // is complete, only its reader stopped listening (ripgrep exits 0 here, git dies of SIGPIPE;
        // a CI step with `set -o pipefail` still sees the findings).
        if (!isBrokenPipe(error)) throw error;
      }
    } else {
      const target = path.resolve(io.cwd, output.file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFileChunks(target, chunks);
    }
  }
  const sarifWarning = outputs.some((output) => output.format === 'sarif') ? sarifLimitWarning(report) : undefined;
  if (sarifWarning) io.stderr(`azvmsec: ${sarifWarning}\n`);
  if (nothingRead(report)) io.stderr(`azvmsec: no input could be read (${report.inputs.length} failed; the report says why): nothing was checked\n`);
  // Not an error (a repository may hold no templates), but never a silent pass: a mistyped path in
  // a pipeline would otherwise look like a clean scan.
  else if (report.inputs.length === 0)
    io.stderr(`azvmsec: no templates, parameter files, Terraform or snapshots under ${paths.join(', ')}: nothing was checked\n`);
  return exitCodeFor(report, options.failOn ?? config.failOn ?? 'high');
}

interface Output {
  readonly format: Format;
  /** Standard output when absent. */
  readonly file?: string;
}

/**
 * `--output FILE` sends the --format report to FILE; `--output FORMAT=FILE` adds a report in that
 * format. Standard output gets the --format report unless a plain FILE was given.
 */
export function parseOutputs(values: readonly string[], format: Format): Output[] | string {
  const outputs: Output[] = [];
  let plain: string | undefined;
  for (const value of values) {
    const match = /^([a-z]+)=(.+)$/.exec(value);
    if (match && isFormat(match[1] as string)) outputs.push({ format: match[1] as Format, file: match[2] as string });
    else if (match && !/[\\/.]/.test(match[1] as string)) return `--output ${value}: no format "${match[1]}" (formats: ${Object.keys(REPORTERS).join(', ')})`;
    else if (plain !== undefined) return `--output: only one plain FILE (for --format ${format}); use FORMAT=FILE for more`;
    else plain = value;
  }
  return [plain !== undefined ? { format, file: plain } : { format }, ...outputs];
}

/**
 * 2 when a rule crashed or no input could be read (a tool error), 1 when a check failed at or
 * above the threshold and its risk was not accepted, else 0.
 */
export function exitCodeFor(report: Report, failOn: Severity | 'none'): number {
  if (report.evaluations.some((e) => e.status === 'error') || nothingRead(report)) return EXIT.usage;
  if (failOn === 'none') return EXIT.clean;
  return report.evaluations.some((e) => e.status === 'fail' && !e.suppression && atLeast(e.severity, failOn)) ? EXIT.findings : EXIT.clean;
}

/**
 * Inputs were found and every one failed (a truncated snapshot, a template that is not JSON): the
 * scan checked nothing, and exit 0 would tell a pipeline the estate is clean. One input read among
 * failed ones is a scan that went on; its failures are diagnostics.
 */
export function nothingRead(report: Report): boolean {
  return report.inputs.length > 0 && report.inputs.every((input) => input.status === 'error');
}
