import type { Localized } from './locale.js';

/**
 * `{{machine}}` in a rule's message: what the evaluated resource is, in each language ("VM",
 * "VM scale set", "Arc-enabled server"). Rules written once for VMs and scale sets say which one
 * a finding is about; the engine fills it in, rules never pass it.
 */
export const MACHINE_PLACEHOLDER = 'machine';

const VM: Localized = { en: 'VM', ja: 'VM' };

const NOUNS: ReadonlyMap<string, Localized> = new Map([
  ['microsoft.compute/virtualmachinescalesets', { en: 'VM scale set', ja: 'VM スケール セット' }],
  ['microsoft.hybridcompute/machines', { en: 'Arc-enabled server', ja: 'Arc 対応サーバー' }],
]);

/** Types as written, each looked up once (a large estate reports findings by the hundred thousand). */
const byType = new Map<string, Localized>();

/** The noun for a resource of `type`: "VM" unless it is a scale set or an Arc-enabled server. */
export function machineNoun(type: string): Localized {
  let noun = byType.get(type);
  if (noun === undefined) {
    noun = NOUNS.get(type.toLowerCase()) ?? VM;
    if (byType.size < 1000) byType.set(type, noun);
  }
  return noun;
}
