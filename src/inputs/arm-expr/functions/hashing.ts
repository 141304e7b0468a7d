/**
 * The hashes behind uniqueString() and guid(), computed exactly as Azure does.
 *
 * uniqueString: the arguments joined with "-", UTF-8, hashed with Azure's 64-bit MurmurHash variant
 * (two 32-bit MurmurHash3-style lanes, seed 0) and written as 13 characters of base 32
 * ("abcdefghijklmnopqrstuvwxyz234567"), 5 bits at a time from the most significant bit. Algorithm as
 * published in community ports of Azure.Deployments.Expression (e.g. the bash port "uniquestring.sh",
 * the PowerShell port on Stack Overflow 48190183); test vectors in string.test.ts.
 *
 * guid: an RFC 4122 name-based UUID, version 5 (SHA-1), over the namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830 and the arguments joined with "-" in UTF-8.
 */
import { createHash } from 'node:crypto';

const C1 = 0x239b961b;
const C2 = 0xab0e9789;

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a: number, b: number): number => Math.imul(a, b) >>> 0;

function fmix(h: number): number {
  h = mul(h ^ (h >>> 16), 0x85ebca6b);
  h = mul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function word(data: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) value |= (data[at + i] as number) << (8 * i);
  return value >>> 0;
}

/** Azure's MurmurHash64 of `data`, as two 32-bit halves [high, low]. */
export function murmurHash64(data: Uint8Array): [number, number] {
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 8 <= data.length; i += 8) {
    const k1 = mul(rotl(mul(word(data, i, 4), C1), 15), C2);
    h1 = (mul((rotl((h1 ^ k1) >>> 0, 19) + h2) >>> 0, 5) + 0x561ccd1b) >>> 0;
    const k2 = mul(rotl(mul(word(data, i + 4, 4), C2), 17), C1);
    h2 = (mul((rotl((h2 ^ k2) >>> 0, 13) + h1) >>> 0, 5) + 0x0bcaa747) >>> 0;
  }
  const tail = data.length - i;
  if (tail > 0) {
    h1 = (h1 ^ mul(rotl(mul(word(data, i, Math.min(tail, 4)), C1), 15), C2)) >>> 0;
    if (tail > 4) h2 = (h2 ^ mul(rotl(mul(word(data, i + 4, tail - 4), C2), 17), C1)) >>> 0;
  }
  h1 = (h1 ^ data.length) >>> 0;
  h2 = (h2 ^ data.length) >>> 0;
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return [h2, h1];
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function uniqueString(parts: readonly string[]): string {
  const [high, low] = murmurHash64(new TextEncoder().encode(parts.join('-')));
  let value = (BigInt(high) << 32n) | BigInt(low);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number(value >> 59n)];
    value = (value << 5n) & 0xffff_ffff_ffff_ffffn;
  }
  return out;
}

const GUID_NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

export function deterministicGuid(parts: readonly string[]): string {
  const hash = createHash('sha1').update(GUID_NAMESPACE).update(parts.join('-'), 'utf8').digest().subarray(0, 16);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
