import { printable } from '../../i18n/printable.js';
import { pathKindName } from '../../i18n/paths.js';
import { reasonIn } from '../../i18n/reasons.js';
import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { describeSources, formatAddresses } from './addresses.js';
import type { RuleRef } from './evaluate.js';
import { networkAnalysis, type NetworkAnalysis, type PortExposure, type Segment } from './exposure.js';
import { formatPorts } from './ports.js';

type Locale = 'en' | 'ja';

const TEXT = {
  en: {
    locale: 'en',
    vm: 'VM',
    nic: 'NIC',
    subnet: 'subnet',
    privateIp: 'private IP',
    dynamic: 'dynamic, in',
    unknownIp: 'unknown',
    nsgs: 'NSGs',
    none: 'none',
    unknownNsg: 'unknown',
    internet: 'Reachable from the whole Internet:',
    restricted: 'Reachable from some Internet sources only:',
    unknown: 'Reachability not decidable from the input:',
    closed: 'No port is reachable from the Internet through a known path.',
    latent: 'The NSGs admit Internet traffic, but no public path reaches the VM today:',
    lateral: 'Reachable from inside the virtual network (lateral movement):',
    bastion: 'Reachable from AzureBastionSubnet:',
    noNsg: 'no NSG on the subnet or the NIC',
    from: 'from',
    via: 'via',
    frontend: 'frontend port',
    floating: 'floating IP: addressed to the frontend',
    hostName: 'to',
    allowedBy: 'allowed by',
    decidedBy: 'decided by',
    mayDecide: 'unless decided first by',
    because: 'because',
    defaultRule: 'default rule',
    priority: 'priority',
    problem: 'Cannot follow:',
    attachment: { subnet: 'subnet NSG', nic: 'NIC NSG' },
  },
  ja: {
    locale: 'ja',
    vm: 'VM',
    nic: 'NIC',
    subnet: 'サブネット',
    privateIp: 'プライベート IP',
    dynamic: '動的、範囲',
    unknownIp: '不明',
    nsgs: 'NSG',
    none: 'なし',
    unknownNsg: '不明',
    internet: 'インターネット全体から到達可能:',
    restricted: '一部のインターネット送信元からのみ到達可能:',
    unknown: '入力からは到達可否を判定できない:',
    closed: '既知の経路ではインターネットから到達できるポートはありません。',
    latent: 'NSG はインターネットからの通信を許可していますが、現在 VM への公開経路はありません:',
    lateral: '仮想ネットワーク内から到達可能（横展開）:',
    bastion: 'AzureBastionSubnet から到達可能:',
    noNsg: 'サブネットにも NIC にも NSG がない',
    from: '送信元',
    via: '経路',
    frontend: 'フロントエンドポート',
    floating: 'フローティング IP: 宛先はフロントエンド',
    hostName: '宛先',
    allowedBy: '許可ルール',
    decidedBy: '判定ルール',
    mayDecide: '先に判定している可能性のあるルール',
    because: '理由',
    defaultRule: '既定ルール',
    priority: '優先度',
    problem: '追跡できない項目:',
    attachment: { subnet: 'サブネット NSG', nic: 'NIC NSG' },
  },
} as const;

function ruleText(rule: RuleRef, t: (typeof TEXT)[Locale]): string {
  const kind = rule.isDefault ? `${t.defaultRule} ` : '';
  const priority = rule.priority === undefined ? '' : `, ${t.priority} ${rule.priority}`;
  return `${kind}"${rule.name}" (${t.attachment[rule.attachment]} ${rule.nsgName}${priority}, ${rule.access ?? '?'} ${t.from} ${rule.remote})`;
}

function segmentLine(segment: Segment, t: (typeof TEXT)[Locale], extra = ''): string {
  const head = `${segment.protocol.toUpperCase()} ${formatPorts(segment.ports)}${extra}`;
  const sources = segment.sources.isEmpty() ? '' : ` ${t.from} ${describeSources(segment.sources).join(', ')}`;
  const rules =
    segment.rules.length > 0
      ? ` — ${segment.reach === 'unknown' ? t.decidedBy : t.allowedBy} ${segment.rules.map((rule) => ruleText(rule, t)).join(' → ')}`
      : segment.noNsg
        ? ` — ${t.noNsg}`
        : '';
  // Rules above that may match (a setting not known) and would give the same answer.
  const maybe =
    segment.maybeRules.length > 0
      ? ` — ${t.mayDecide} ${segment.maybeRules.map((each) => `${ruleText(each.rule, t)} (${reasonIn(each.reason, t.locale)})`).join(', ')}`
      : '';
  const reason = segment.reason ? ` — ${t.because}: ${reasonIn(segment.reason, t.locale)}` : '';
  return `    ${head}${sources}${rules}${maybe}${reason}`;
}

function exposureLine(exposure: PortExposure, t: (typeof TEXT)[Locale]): string {
  const { path } = exposure;
  const rule = path.rule ? ` "${path.rule.name}"` : '';
  const frontend = path.frontendPorts;
  const frontendText = !isUnknown(frontend) && !isUnknown(path.ports) && !frontend.equals(path.ports) ? `, ${t.frontend} ${formatPorts(frontend)}` : '';
  const floating = path.destination
    ? ` (${t.floating}${path.destination.unknown === undefined ? ` ${formatAddresses(path.destination.address).join(', ')}` : ''})`
    : '';
  const host = path.hostName === undefined ? '' : ` (${t.hostName} ${path.hostName})`;
  return segmentLine(exposure, t, ` ${t.via} ${pathKindName(path.kind, t.locale)} ${path.via.name}${rule}${frontendText}${floating}${host}`);
}

/**
 * A readable, per-port explanation of why a VM is or is not reachable: every IP configuration, its
 * NSGs, each exposed port run with its path and the deciding rule of each NSG, what stays unknown
 * and why, and what is reachable from inside the VNet. Pure: no I/O.
 */
export function explainVm(graph: ResourceGraph, vm: Resource, locale: Locale, analysis: NetworkAnalysis = networkAnalysis(graph)): string {
  const t = TEXT[locale];
  const network = analysis.vm(vm);
  const lines: string[] = [`${t.vm} ${vm.name} (${vm.id})`];
  for (const problem of network.problems) lines.push(`  ${t.problem} ${reasonIn(problem, locale)}`);
  for (const target of network.targets) {
    const subnet = isUnknown(target.subnet) ? `${t.unknownIp} (${reasonIn(target.subnet.reason, locale)})` : target.subnet.name;
    const ip = isUnknown(target.address)
      ? t.unknownIp
      : target.addressIsExact
        ? formatAddresses(target.address).join(', ')
        : `${t.dynamic} ${formatAddresses(target.address).join(', ')}`;
    const nsg = (value: typeof target.nicNsg): string =>
      value === undefined ? t.none : isUnknown(value) ? `${t.unknownNsg} (${reasonIn(value.reason, locale)})` : value.name;
    lines.push(`  ${t.nic} ${target.nic.name} / ${target.ipConfiguration.name} — ${t.subnet} ${subnet}, ${t.privateIp} ${ip}`);
    lines.push(`  ${t.nsgs}: ${t.subnet} ${nsg(target.subnetNsg)}, ${t.nic} ${nsg(target.nicNsg)}`);
    const mine = network.exposures.filter((exposure) => exposure.path.target === target);
    for (const [reach, title] of [
      ['internet', t.internet],
      ['restricted', t.restricted],
      ['unknown', t.unknown],
    ] as const) {
      const list = mine.filter((exposure) => exposure.reach === reach);
      if (list.length === 0) continue;
      lines.push(`  ${title}`);
      for (const exposure of list) lines.push(exposureLine(exposure, t));
    }
    if (!mine.some((exposure) => exposure.reach !== 'unknown')) {
      lines.push(`  ${t.closed}`);
      const latent = network.latent.find((entry) => entry.target === target)?.segments.filter((segment) => segment.reach !== 'unknown') ?? [];
      if (latent.length > 0) {
        lines.push(`  ${t.latent}`);
        for (const segment of latent) lines.push(segmentLine(segment, t));
      }
    }
    const lateral = network.lateral.find((entry) => entry.target === target)?.segments ?? [];
    if (lateral.length > 0) {
      lines.push(`  ${t.lateral}`);
      for (const segment of lateral) lines.push(segmentLine(segment, t));
    }
    const bastion = network.bastion.find((entry) => entry.target === target)?.segments ?? [];
    if (bastion.length > 0) {
      lines.push(`  ${t.bastion}`);
      for (const segment of bastion) lines.push(segmentLine(segment, t));
    }
  }
  // Names, reasons and rule texts come from the scanned files: one line each, control characters spelled out.
  return lines.map(printable).join('\n') + '\n';
}
