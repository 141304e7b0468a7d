import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { FORMATS } from '../../src/reporters/formats.js';
import { cli, ROOT } from '../support/cli.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The long option names `--help` lists, with their descriptions. */
async function helpOptions(command: string): Promise<Map<string, string>> {
  const { code, stdout } = await cli([command, '--help']);
  expect(code).toBe(0);
  const options = new Map<string, string>();
  const lines = stdout.split('\n');
  lines.forEach((line, index) => {
    const match = /^ {2}(?:-\w, )?(--[\w-]+)(?: <[^>]+>)?\s*(.*)$/.exec(line);
    if (match)
      options.set(match[1] as string, `${match[2] ?? ''} ${(lines[index + 1] ?? '').startsWith('      ') ? (lines[index + 1] ?? '').trim() : ''}`.trim());
  });
  return options;
}

describe('documentation of the command line', () => {
  it('azvmsec scan --help describes every option, and the README documents each', async () => {
    const options = await helpOptions('scan');
    for (const expected of ['--format', '--output', '--lang', '--fail-on', '--config', '--no-config', '--profile', '--baseline', '--exclude', '--live']) {
      expect(options.has(expected), expected).toBe(true);
    }
    for (const [option, description] of options) {
      if (option === '--help') continue;
      expect(description.length, `${option} has a description`).toBeGreaterThan(10);
      expect(README, `README documents ${option}`).toMatch(new RegExp(`\`(-\\w, )?${option}\\b`));
    }
  });

  it('scan --help lists every format, and the README describes each', async () => {
    const { stdout } = await cli(['scan', '--help']);
    for (const format of FORMATS) {
      expect(stdout).toContain(format);
      expect(README).toMatch(new RegExp(`^\\| \`${format}\` \\|`, 'm'));
    }
  });

  it('diff --help and the README agree', async () => {
    const options = await helpOptions('diff');
    expect([...options.keys()].sort()).toEqual(['--format', '--help', '--lang']);
    expect(README).toContain('azvmsec diff OLD.json NEW.json');
  });

  it('the README configuration example is a valid .azvmsec.yaml', () => {
    const example = /### Configuration: `\.azvmsec\.yaml`[\s\S]*?```yaml\n([\s\S]*?)```/.exec(README)?.[1];
    expect(example).toBeDefined();
    expect(parseConfig(example as string)).toMatchObject({ ok: true });
  });
});
