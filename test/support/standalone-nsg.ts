import { PUBLIC, tagAddress, UNIVERSE } from '../../src/analyses/network/addresses.js';
import { definite, type EvaluationContext } from '../../src/analyses/network/evaluate.js';
import { IntervalSet } from '../../src/analyses/network/interval-set.js';

/**
 * Judges an NSG on its own, the way KICS does, as if it filtered a VM: the destination matches
 * anything but tags, and sources resolve plainly (VirtualNetwork and ASGs to nothing).
 */
export const STANDALONE_NSG: EvaluationContext = {
  self: (items) =>
    items.some((item) => item.kind === 'any' || item.kind === 'virtual-network' || item.kind === 'cidr' || item.kind === 'unknown')
      ? { kind: 'yes' }
      : { kind: 'no' },
  remote: (item) => {
    switch (item.kind) {
      case 'any':
      case 'cidr':
        return definite(item.set);
      case 'internet':
        return definite(PUBLIC);
      case 'tag':
        return definite(tagAddress(item.name));
      case 'virtual-network':
      case 'asg':
        return definite(IntervalSet.EMPTY);
      case 'unknown':
        return { definite: IntervalSet.EMPTY, maybe: UNIVERSE, reason: item.reason };
    }
  },
};
