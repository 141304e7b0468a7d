import { describe, expect, it } from 'vitest';
import { HclSyntaxError, MAX_NESTING, parseExpression, parseTemplate } from '../../src/inputs/terraform/expression.js';
import { hclParser, parseHcl } from '../../src/inputs/terraform/hcl-parser.js';
import { readTfvars } from '../../src/inputs/terraform/module.js';
import { isUnknown } from '../../src/model/value.js';
import { beyondLimits, positionOf } from '../../src/inputs/terraform/scanner.js';

const nestingBeyond = (text: string, limit: number): number | undefined => beyondLimits(text, { nesting: limit, heredocLines: Infinity })?.offset;

/** Terraform written to break the reader: nesting thousands deep, and a parser that stops. */
describe('Terraform nesting', () => {
  it('beyondLimits counts as nesting brackets, strings, heredocs and interpolations, not comments or string text', () => {
    const nested = (depth: number): string => `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expect(nestingBeyond(nested(10), 10)).toBeUndefined();
    expect(nestingBeyond(nested(11), 10)).toBe(4 + 10);
    // Brackets in comments and in the text of strings and heredocs are not nesting.
    const quiet = `# ${'('.repeat(50)}\n/* ${'{'.repeat(50)} */\nx = "${'['.repeat(50)}"\ny = <<EOT\n${'('.repeat(50)}\nEOT\n`;
    expect(nestingBeyond(quiet, 3)).toBeUndefined();
    // A template within a template: each string and each interpolation is a level.
    const templates = `x = ${'"${'.repeat(3)}1${'}"'.repeat(3)}\n`;
    expect(nestingBeyond(templates, 6)).toBeUndefined();
    expect(nestingBeyond(templates, 5)).toBeDefined();
    // Interpolations in a heredoc, escapes left alone.
    const heredoc = `x = <<-EOT\n  $\${literal} \${[[1]]}\n  EOT\ny = 1\n`;
    expect(nestingBeyond(heredoc, 4)).toBeUndefined();
    expect(nestingBeyond(heredoc, 3)).toBeDefined();
    expect(positionOf('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
  });

  it('beyondLimits counts the lines of all the heredocs of a file together, not heredoc-like text in comments or strings', () => {
    const heredocs = `a = <<EOT\n1\n2\n3\nEOT\n# <<EOT\nb = "<<EOT"\nc = <<-END\n  4\n  5\n  6\n  END\n`;
    expect(beyondLimits(heredocs, { nesting: 10, heredocLines: 6 })).toBeUndefined();
    expect(beyondLimits(heredocs, { nesting: 10, heredocLines: 5 })).toEqual({ offset: heredocs.indexOf('  6'), limit: 'heredocLines' });
  });

  it('the expression parser refuses nesting past its limit instead of overflowing the stack', () => {
    const parens = (depth: number): string => `${'('.repeat(depth)}1${')'.repeat(depth)}`;
    expect(parseExpression(parens(MAX_NESTING - 1))).toEqual({ kind: 'literal', value: 1 });
    for (const source of [
      parens(100_000),
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `${'f('.repeat(100_000)}1${')'.repeat(100_000)}`,
      `${'true ? '.repeat(100_000)}1${' : 2'.repeat(100_000)}`,
      `${'!'.repeat(100_000)}true`,
    ]) {
      expect(() => parseExpression(source)).toThrow(HclSyntaxError);
    }
    // Templates nested in strings and heredocs count too.
    expect(() => parseTemplate(`${'${"'.repeat(100_000)}1${'"}'.repeat(100_000)}`)).toThrow(/nested deeper than 200 levels/);
    expect(() => parseTemplate(`${'%{ if true }'.repeat(100_000)}x${'%{ endif }'.repeat(100_000)}`)).toThrow(HclSyntaxError);
    // A run of prefix operators within the limit reads as nested unary operators.
    expect(parseExpression('!!-1')).toEqual({ kind: 'unary', op: '!', operand: { kind: 'unary', op: '!', operand: { kind: 'literal', value: -1 } } });
    expect(parseExpression('- -x')).toEqual({ kind: 'unary', op: '-', operand: { kind: 'unary', op: '-', operand: { kind: 'variable', name: 'x' } } });
  });

  it('a tfvars value nested past the limit is unknown, and the other values are read', async () => {
    const { values, diagnostics } = await readTfvars('/virtual/x.tfvars', 'x.tfvars', `bomb = "\${${'!'.repeat(300)}true}"\nname = "web"\n`);
    expect(diagnostics).toEqual([]);
    expect(isUnknown(values['bomb']) && values['bomb'].reason).toMatch(/x\.tfvars: bomb not understood: more than 200 prefix operators/);
    expect(values['name']).toBe('web');
  });

  it('a file that overflows the HCL parser is an error for that file; the next file gets a fresh parser', async () => {
    await expect(parseHcl('bomb.tf', `locals {\n  x = ${'!'.repeat(100_000)}true\n}\n`)).rejects.toThrow(/nested too deeply for the HCL parser/);
    expect(await parseHcl('main.tf', 'locals {\n  y = 1\n}\n')).toEqual({ locals: [{ y: 1 }] });
    await expect(parseHcl('broken.tf', 'locals {\n  y = \n}\n')).rejects.toThrow(/broken\.tf:\d+,\d+/);
  }, 30_000);

  it('a parser that takes too long is stopped, and the next file is parsed all the same', async () => {
    const parser = hclParser(1);
    const big = Array.from({ length: 5_000 }, (_, i) => `resource "azurerm_resource_group" "g${i}" {\n  name = "rg-${i}"\n}\n`).join('');
    await expect(parser.parse('big.tf', big)).rejects.toThrow('the HCL parser did not finish within 0.001 s');
    const patient = hclParser(60_000);
    expect(await patient.parse('small.tf', 'locals {\n  y = 1\n}\n')).toEqual({ locals: [{ y: 1 }] });
  }, 30_000);
});
