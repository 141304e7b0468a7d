import * as crypto from 'node:crypto';
import { idKey } from '../model/resource-id.js';

/** `crypto.hash` (Node 20.12 and later) is several times faster than a Hash object for one short input. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Stable across line moves and live rescans: rule id + resource id (case-folded) + JSON pointer. */
export function fingerprint(ruleId: string, resourceId: string, pointer: string): string {
  return sha256Hex(`${ruleId}\n${idKey(resourceId)}\n${pointer}`).slice(0, 32);
}
