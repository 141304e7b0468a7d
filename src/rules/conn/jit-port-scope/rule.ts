import { z } from 'zod';
import { ALL_IP, INTERNET, prefixesOf, PUBLIC_V4, PUBLIC_V6 } from '../../../analyses/network/addresses.js';
import type { IntervalSet } from '../../../analyses/network/interval-set.js';
import { at } from '../../../model/resource.js';
import { asArray, asString, isUnknown, lookup, prop, type Unknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

/** Seconds of an ISO-8601 duration such as PT3H or P1DT2H30M; undefined when it does not parse. */
export function durationSeconds(text: string): number | undefined {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (!match || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase() === 'PT') return undefined;
  const [, d, h, m, s] = match.map((part) => Number(part ?? 0));
  return (d ?? 0) * 86400 + (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

const SOURCE_WORDS: ReadonlyMap<string, IntervalSet> = new Map([
  ['*', ALL_IP],
  ['any', ALL_IP],
  ['internet', INTERNET],
]);

/** What JIT sources admit: `*` (and `any`) every address, `Internet` the Internet, else the prefixes written; Unknown for anything else. */
function sourceAddresses(sources: readonly Value[]): IntervalSet | Unknown {
  let set: IntervalSet | undefined;
  for (const source of sources) {
    const word = typeof source === 'string' ? SOURCE_WORDS.get(source.trim().toLowerCase()) : undefined;
    const part = word ?? prefixesOf(source);
    if (isUnknown(part)) return part;
    set = set ? set.union(part) : part;
  }
  return set ?? ALL_IP;
}

/** Whether sources take in every public address of IPv4 or of IPv6 (`*`, `0.0.0.0/0`, `::/0`, two /1s). */
function allowsInternet(addresses: IntervalSet): boolean {
  return addresses.covers(PUBLIC_V4) || addresses.covers(PUBLIC_V6);
}

export default defineRule({
  id: 'AZV-CONN-005',
  name: 'jit-port-scope',
  pillar: 'CONN',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Security/locations/jitNetworkAccessPolicies'],
  title: {
    en: 'JIT port rules are tightly scoped (source not *, short max duration)',
    ja: 'JIT のポートルールが厳格（送信元が * でない、最大アクセス時間が短い）',
  },
  fix: {
    en: 'Set allowedSourceAddressPrefix(es) to the admin ranges and maxRequestAccessDuration to PT3H or less on every JIT port.',
    ja: 'すべての JIT ポートで allowedSourceAddressPrefix(es) を管理用範囲にし、maxRequestAccessDuration を PT3H 以下にします。',
  },
  messages: {
    anySource: {
      en: 'JIT policy "{{name}}" lets a request open port {{port}} of VM "{{vm}}" to any source address (*, or prefixes that take in every IPv4 or IPv6 address).',
      ja: 'JIT ポリシー "{{name}}" では、要求により VM "{{vm}}" のポート {{port}} を任意の送信元（*、または IPv4 か IPv6 のすべてのアドレスを含むプレフィックス）に開けます。',
    },
    longDuration: {
      en: 'JIT policy "{{name}}" lets a request keep port {{port}} of VM "{{vm}}" open for {{duration}}, longer than {{max}}.',
      ja: 'JIT ポリシー "{{name}}" では、要求により VM "{{vm}}" のポート {{port}} を {{duration}} 開けたままにでき、{{max}} を超えます。',
    },
  },
  mappings: { 'mcsb-v1': ['PA-2'], peers: [] },
  options: z
    .object({
      /** The longest access a request may get, as an ISO-8601 duration. */
      maxRequestAccessDuration: z
        .string()
        .refine((text) => durationSeconds(text) !== undefined, { message: 'an ISO-8601 duration such as PT3H' })
        .default('PT3H'),
    })
    .strict(),
  check(policy, context) {
    const machines = at(policy, 'properties', 'virtualMachines');
    if (isUnknown(machines.value)) return context.unknown(machines.value.reason);
    const limit = durationSeconds(context.options.maxRequestAccessDuration) as number;
    let ports = 0;
    for (const [m, machine] of (Array.isArray(machines.value) ? machines.value : []).entries()) {
      const id = prop(machine, 'id');
      if (isUnknown(id)) return context.unknown(id.reason);
      const vm = typeof id === 'string' ? (id.split('/').pop() ?? id) : '(unknown)';
      const list = lookup(machine, ['ports'], `${machines.pointer}/${m}`);
      if (isUnknown(list.value)) return context.unknown(list.value.reason);
      for (const [p, entry] of (Array.isArray(list.value) ? list.value : []).entries()) {
        ports++;
        const pointer = `${list.pointer}/${p}`;
        const port = prop(entry, 'number');
        if (isUnknown(port)) return context.unknown(port.reason);
        const single = asString(prop(entry, 'allowedSourceAddressPrefix'));
        const many = asArray(prop(entry, 'allowedSourceAddressPrefixes'));
        if (isUnknown(single)) return context.unknown(single.reason);
        if (isUnknown(many)) return context.unknown(many.reason);
        const sources = [...(single !== undefined ? [single] : []), ...(many ?? [])];
        // No source at all means "per request", which Azure treats like * for the requester's IP.
        const addresses = sources.length === 0 ? ALL_IP : sourceAddresses(sources);
        if (isUnknown(addresses)) return context.unknown(addresses.reason);
        if (allowsInternet(addresses)) context.report('anySource', { name: policy.name, vm, port: String(port) }, { at: pointer });
        const duration = asString(prop(entry, 'maxRequestAccessDuration'));
        if (isUnknown(duration)) return context.unknown(duration.reason);
        const seconds = duration === undefined ? undefined : durationSeconds(duration);
        if (duration !== undefined && seconds === undefined) return context.unknown(`maxRequestAccessDuration '${duration}' is not an ISO-8601 duration`);
        if (seconds !== undefined && seconds > limit)
          context.report(
            'longDuration',
            { name: policy.name, vm, port: String(port), duration: duration as string, max: context.options.maxRequestAccessDuration },
            { at: `${pointer}/maxRequestAccessDuration` },
          );
      }
    }
    if (ports === 0) return context.notApplicable('the policy lists no VM port');
  },
});
