import { readFile } from 'node:fs/promises';
import { localeFromEnvironment } from '../i18n/locale.js';
import { catalogEntry } from '../rules/catalog.js';
import { findRule, RULES } from '../rules/index.js';
import { PILLARS } from '../rules/pillars.js';
import { EXIT, type CliIo, type RulesCommandOptions } from './main.js';

/** Generated rule documentation, shipped with the package (`npm run gen` writes it). */
const DOCS = new URL('../../docs/rules/', import.meta.url);

export async function rulesCommand(id: string | undefined, options: RulesCommandOptions, io: CliIo): Promise<number> {
  const locale = options.lang ?? localeFromEnvironment(io.env);
  if (id === undefined) {
    const rules = [...RULES].sort((a, b) => PILLARS.indexOf(a.pillar) - PILLARS.indexOf(b.pillar) || a.id.localeCompare(b.id));
    if (options.format === 'json') {
      io.stdout(
        JSON.stringify(
          rules.map((rule) => catalogEntry(rule)),
          null,
          2,
        ) + '\n',
      );
    } else {
      const width = rules.reduce((widest, rule) => Math.max(widest, rule.id.length), 0);
      for (const rule of rules) io.stdout(`${rule.id.padEnd(width)}  ${rule.pillar.padEnd(4)}  ${rule.severity.padEnd(8)}  ${rule.title[locale]}\n`);
    }
    return EXIT.clean;
  }
  const rule = findRule(id);
  if (!rule) {
    io.stderr(`azvmsec: no rule ${id}; 'azvmsec rules' lists them\n`);
    return EXIT.usage;
  }
  let docs: string;
  try {
    docs = await readFile(new URL(`${locale}/${rule.id}.md`, DOCS), 'utf8');
  } catch {
    io.stderr(`azvmsec: the documentation of ${rule.id} is missing from this installation\n`);
    return EXIT.usage;
  }
  io.stdout(options.format === 'json' ? JSON.stringify({ ...catalogEntry(rule), docs }, null, 2) + '\n' : docs);
  return EXIT.clean;
}
