import { admitsInternet, formatPorts, mainRule, pathText, ruleNames, ruleTarget, ruleText, unknownReason } from '../../../analyses/network/checks.js';
import type { Target } from '../../../analyses/network/topology.js';
import { EVERY_PORT } from '../../../analyses/network/ports.js';
import type { RuleRef } from '../../../analyses/network/evaluate.js';
import { networkAnalysis, type Segment } from '../../../analyses/network/exposure.js';
import { IntervalSet } from '../../../analyses/network/interval-set.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';
import { appendAll } from '../../../model/arrays.js';
import { pushTo } from '../../../model/multimap.js';

export default defineRule({
  id: 'AZV-NET-003',
  name: 'internet-all-ports',
  pillar: 'NET',
  severity: 'critical',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'No inbound rule allows all ports / all protocols from the Internet to VMs',
    ja: 'インターネットから VM への全ポート／全プロトコル許可の受信ルールがない',
  },
  fix: {
    en: 'Replace the allow-all rule with rules for the few ports the workload serves, from the sources that need them.',
    ja: '全許可ルールを、ワークロードが必要とする少数のポートと送信元に限定したルールに置き換えます。',
  },
  messages: {
    allowAll: {
      en: '{{machine}} "{{name}}": NSG rule {{rule}} allows every port and protocol from the whole Internet.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rule}} がインターネット全体からすべてのポートとプロトコルを許可しています。',
    },
    allowAllPorts: {
      en: '{{machine}} "{{name}}": NSG rule {{rule}} allows every {{protocol}} port from the whole Internet.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rule}} がインターネット全体からすべての {{protocol}} ポートを許可しています。',
    },
    allowAllTogether: {
      en: '{{machine}} "{{name}}": NSG rules {{rules}} together allow every {{protocol}} port from the whole Internet.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rules}} が合わせて、インターネット全体からすべての {{protocol}} ポートを許可しています。',
    },
    allowAllBut: {
      en: '{{machine}} "{{name}}": NSG rule {{rule}} allows every {{protocol}} port from the whole Internet but {{closed}}, which rules above it or another NSG on the way close.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rule}} が、インターネット全体から {{closed}} 以外のすべての {{protocol}} ポートを許可しています（除かれたポートは上位のルールまたは経路上の別の NSG が閉じています）。',
    },
    allowAllButTogether: {
      en: '{{machine}} "{{name}}": NSG rules {{rules}} together allow every {{protocol}} port from the whole Internet but {{closed}}, which rules above them or another NSG on the way close.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rules}} が合わせて、インターネット全体から {{closed}} 以外のすべての {{protocol}} ポートを許可しています（除かれたポートは上位のルールまたは経路上の別の NSG が閉じています）。',
    },
    openWithoutNsg: {
      en: '{{machine}} "{{name}}" accepts every port from the whole Internet through {{path}}: no NSG filters it and the SKU is open by default.',
      ja: '{{machine}} "{{name}}" は、{{path}} 経由でインターネット全体からすべてのポートを受け付けます。NSG がなく、SKU が既定で開いています。',
    },
  },
  phrases: ['rule', 'path'],
  mappings: {
    'mcsb-v1': ['NS-1'],
    'cis-azure-5.0.0': ['7.1', '7.2', '7.3', '7.4'],
    'azure-policy': ['9daedab3-fb2d-461e-b861-71790eead4f6'],
    peers: ['PSRule Azure.NSG.AnyInboundSource'],
  },
  check(vm, context) {
    const vms = checkedAsVms(vm, context);
    if (vms) return vms;
    const network = context.analyses.get(networkAnalysis).vm(vm);
    // What the NSGs admit, however the rules are written: one rule for every port, several whose
    // port ranges (or protocols) add up to every port, or a rule for every port that still decides
    // what gets in where rules above it (or another NSG) take some ports away. Per IP configuration.
    const found: Found[] = [];
    const undecided: Segment[] = [];
    for (const { target, segments } of network.latent) {
      for (const protocol of ['Tcp', 'Udp'] as const) {
        const open = segments.filter((s) => s.protocol === protocol && s.reach === 'internet');
        const maybe = segments.filter((s) => s.protocol === protocol && s.reach === 'unknown');
        if (coversEveryPort(open)) found.push({ protocol, rules: distinctRules(open) });
        else if (
          writtenForEveryPort(
            target,
            open.map((s) => s.rules),
          )
        ) {
          const closed = formatPorts(EVERY_PORT.subtract(IntervalSet.unionAll(open.map((s) => s.ports))));
          found.push({ protocol, rules: distinctRules(open), closed });
        } else if (
          maybe.length > 0 &&
          (coversEveryPort([...open, ...maybe]) ||
            writtenForEveryPort(target, [...open.map((s) => s.rules), ...maybe.map((s) => [...s.rules, ...s.maybeRules.map((m) => m.rule)])], true))
        ) {
          appendAll(undecided, maybe);
        }
      }
    }
    // One finding per rule set, its protocols together (a protocol `*` rule opens TCP and UDP alike).
    const findings = new Map<string, { first: Found; protocols: string[] }>();
    for (const each of found) {
      if (each.rules.length === 0) continue;
      const key = `${each.rules.map((r) => `${r.nsgId}/${r.name}`).join('\n')}\n${each.closed ?? ''}`;
      const known = findings.get(key);
      if (!known) findings.set(key, { first: each, protocols: [each.protocol.toUpperCase()] });
      else if (!known.protocols.includes(each.protocol.toUpperCase())) known.protocols.push(each.protocol.toUpperCase());
    }
    for (const { first: each, protocols } of findings.values()) {
      const [rule] = each.rules as [RuleRef, ...RuleRef[]];
      const target = ruleTarget(context.graph, rule, { resource: vm, at: '' });
      const protocol = protocols.join('/');
      if (each.closed !== undefined && each.rules.length > 1)
        context.report('allowAllButTogether', { name: vm.name, rules: ruleNames(each.rules), protocol, closed: each.closed }, target);
      else if (each.closed !== undefined) context.report('allowAllBut', { name: vm.name, rule: ruleText(rule), protocol, closed: each.closed }, target);
      else if (each.rules.length > 1) context.report('allowAllTogether', { name: vm.name, rules: ruleNames(each.rules), protocol }, target);
      else if (rule.protocol === '*') context.report('allowAll', { name: vm.name, rule: ruleText(rule) }, target);
      else context.report('allowAllPorts', { name: vm.name, rule: ruleText(rule), protocol }, target);
    }
    for (const exposure of network.exposures) {
      if (exposure.noNsg && exposure.reach === 'internet' && exposure.protocol === 'Tcp' && exposure.ports.covers(EVERY_PORT)) {
        context.report('openWithoutNsg', { name: vm.name, path: pathText(exposure) }, { resource: vm, at: '' });
      }
    }
    const reason = unknownReason(network, [...undecided, ...network.exposures.filter((s) => s.ports.covers(EVERY_PORT))]);
    if (reason !== undefined) return context.unknown(reason);
  },
});

/** Rules that let the whole Internet in on every port of a protocol, and the ports others close (`closed`) when it is one such rule. */
interface Found {
  readonly protocol: 'Tcp' | 'Udp';
  readonly rules: readonly RuleRef[];
  readonly closed?: string;
}

/**
 * Whether the Allow rules that let the Internet in were written, together, for every port, on
 * every NSG on the way: the ports each NSG's Allows name, added up, cover 1–65535 on every NSG. An
 * allow-all rule with a Deny of some ports above it is (however it is split into rules); an
 * allow-all subnet NSG in front of a NIC NSG that allows 443 is not, nor an allow-all from an
 * admin range. Rules count where they let in Internet-scale public sources (with `mayAdmit`, also
 * where they may: their sources not known, or `VirtualNetwork` when what it holds is not known).
 */
function writtenForEveryPort(target: Target, ruleLists: readonly (readonly RuleRef[])[], mayAdmit = false): boolean {
  const allows = new Set<RuleRef>();
  for (const rules of ruleLists) for (const rule of rules) if (rule.access === 'Allow' && rule.portSet !== undefined) allows.add(rule);
  // Counted first without asking which rules let the Internet in: most rule sets name far fewer ports.
  if (allows.size === 0 || !IntervalSet.unionAll([...allows].map((rule) => rule.portSet as IntervalSet)).covers(EVERY_PORT)) return false;
  const byNsg = new Map<string, IntervalSet[]>();
  for (const rule of allows) {
    if (!admitsInternet(target, rule) && !(mayAdmit && rule.remoteKinds.some((kind) => kind === 'unknown' || kind === 'virtual-network'))) continue;
    pushTo(byNsg, `${rule.attachment} ${rule.nsgId}`, rule.portSet as IntervalSet);
  }
  return byNsg.size > 0 && [...byNsg.values()].every((sets) => IntervalSet.unionAll(sets).covers(EVERY_PORT));
}

/** The deciding rules of segments, once each, in order. */
function distinctRules(segments: readonly Segment[]): RuleRef[] {
  return [...new Set(segments.map((s) => mainRule(s.rules)).filter((r): r is RuleRef => r !== undefined))];
}

function coversEveryPort(segments: readonly Segment[]): boolean {
  return segments.length > 0 && IntervalSet.unionAll(segments.map((s) => s.ports)).covers(EVERY_PORT);
}
