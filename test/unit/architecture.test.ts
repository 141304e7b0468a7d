import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

/** Each layer's "may not" list (docs/architecture.md), proved by linting code that breaks it. */
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['src/rules/vm/x/rule.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", /node:fs/],
    ['src/rules/vm/x/rule.ts', "import { scan } from '../../../scan.js';\nexport const a = scan;\n", /rules import only model/],
    ['src/rules/vm/x/rule.ts', 'export const a = (): number => Date.now();\n', /may not read the clock/],
    ['src/rules/vm/x/rule.ts', 'export async function a(): Promise<void> {}\n', /synchronous/],
    ['src/analyses/network/x.ts', 'export const a = (): void => console.log(1);\n', /Only src\/cli prints/],
    ['src/model/x.ts', "import { RULES } from '../rules/index.js';\nexport const a = RULES;\n", /model imports nothing/],
    ['src/inputs/arm/x.ts', "import { RULES } from '../../rules/index.js';\nexport const a = RULES;\n", /inputs import only model/],
    ['src/reporters/x.ts', "import { RULES } from '../rules/index.js';\nexport const a = RULES;\n", /never rule implementations/],
    ['src/engine/x.ts', 'export const a = (): void => process.exit(1);\n', /process/],
  ])('%s: %j is rejected', async (file, code, expected) => {
    expect((await problems(file, code)).join('\n')).toMatch(expected);
  });

  it('lets the CLI touch the process', async () => {
    expect(await problems('src/cli/x.ts', 'export const a = (): void => { process.exitCode = 1; console.log(1); };\n')).toEqual([]);
  });
});
