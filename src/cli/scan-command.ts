import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scan } from '../scan.js';
import type { Report } from '../findings/types.js';
import { localeFromEnvironment } from '../i18n/locale.js';
import { jsonReport } from '../reporters/json.js';
import { terminalReport } from '../reporters/terminal.js';
import { atLeast, type Severity } from '../rules/pillars.js';
import { RULES } from '../rules/index.js';
import { EXIT, type CliIo, type ScanCommandOptions } from './main.js';

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
  const missing = paths.filter((p) => !existsSync(path.resolve(io.cwd, p)));
  if (missing.length > 0) {
    io.stderr(`azvmsec: no such file or folder: ${missing.join(', ')}\n`);
    return EXIT.usage;
  }
  const locale = options.lang ?? localeFromEnvironment(io.env);
  const report = options.live
    ? await (await import('./collect-command.js')).liveReport(options, io)
    : await scan({ paths, cwd: io.cwd, parameterFiles: options.paramFile, exclude: options.exclude, varFiles: options.varFile ?? [], vars: options.var ?? [] });
  const toFile = options.output !== undefined;
  const text =
    options.format === 'json'
      ? jsonReport(report, RULES, locale)
      : terminalReport(report, RULES, locale, { color: options.color && io.isTty && !toFile && io.env['NO_COLOR'] === undefined });
  if (options.output !== undefined) await writeFile(path.resolve(io.cwd, options.output), text, 'utf8');
  else io.stdout(text);
  return exitCodeFor(report, options.failOn);
}

/** 2 when a rule crashed (a tool error), 1 when a check failed at or above the threshold, else 0. */
export function exitCodeFor(report: Report, failOn: Severity | 'none'): number {
  if (report.evaluations.some((e) => e.status === 'error')) return EXIT.usage;
  if (failOn === 'none') return EXIT.clean;
  return report.evaluations.some((e) => e.status === 'fail' && atLeast(e.severity, failOn)) ? EXIT.findings : EXIT.clean;
}
