import { createHash } from 'node:crypto';
import { idKey } from '../model/resource-id.js';

/** Stable across line moves and live rescans: rule id + resource id (case-folded) + JSON pointer. */
export function fingerprint(ruleId: string, resourceId: string, pointer: string): string {
  return createHash('sha256')
    .update(`${ruleId}\n${idKey(resourceId)}\n${pointer}`)
    .digest('hex')
    .slice(0, 32);
}
