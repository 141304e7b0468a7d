import { describe, expect, it } from 'vitest';
import { quickstartTemplates, scanCorpus } from '../support/corpus.js';

const templates = quickstartTemplates();

describe.skipIf(templates.length === 0)('the Azure quickstart corpus (../shared/corpus)', () => {
  it('scans every azuredeploy.json without a crash or a hang, and says how each went', async () => {
    const result = await scanCorpus(templates);
    console.log(
      `quickstart corpus: ${result.templates} templates: ${result.ok} ok, ${result.partial} partial, ${result.error} error; ${result.resources} resources, ${result.unknownValues} unknown values; ${result.statuses}`,
    );
    expect(result.templates).toBe(templates.length);
    expect(result.ok + result.partial + result.error).toBe(result.templates);
    expect(result.resources).toBeGreaterThan(templates.length);
    // Every reason a Japanese report prints is in Japanese (src/i18n/reasons/).
    expect(result.untranslated).toEqual([]);
  });
});
