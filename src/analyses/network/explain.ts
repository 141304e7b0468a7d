import { printable } from '../../i18n/printable.js';
import { pathKindName } from '../../i18n/paths.js';
import { reasonIn } from '../../i18n/reasons.js';
import { STRINGS } from '../../i18n/strings.js';
import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { describeSources, formatAddresses } from './addresses.js';
import type { RuleRef } from './evaluate.js';
import { networkAnalysis, type NetworkAnalysis, type PortExposure, type Segment } from './exposure.js';
import { insideSources, publicIpNotKnown, vmExplanation } from './exposure-summary.js';
import type { ExposurePath } from './paths.js';
import { formatPorts, protocolBit } from './ports.js';

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
    closedPaths: 'Paths from the Internet on which the NSGs admit nothing:',
    latent: 'The NSGs admit these from the Internet (a public IP or NAT rule added later would expose them):',
    latentUnknown: 'Whether the NSGs admit these from the Internet is not decidable (what a public IP or NAT rule added later would expose):',
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
    /** Rules of one NSG that decide parts of the same ports (a chain across NSGs is joined with →). */
    and: ' and ',
    anyAddress: {
      v4: 'the VirtualNetwork tag may hold every IPv4 address',
      v6: 'the VirtualNetwork tag may hold every IPv6 address',
      both: 'the VirtualNetwork tag may hold every address',
    },
    except: (list: string): string => ` except ${list}`,
    note: (except: string, note: string): string => `${except} (${note})`,
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
    closedPaths: 'NSG が何も許可していないインターネットからの経路:',
    latent: 'NSG がインターネットからの次の通信を許可しています（後からパブリック IP や NAT 規則を追加すると公開されます）:',
    latentUnknown: 'NSG がインターネットからの次の通信を許可するかどうかは判定できません（後からパブリック IP や NAT 規則を追加した場合に公開される範囲）:',
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
    and: '、',
    anyAddress: {
      v4: 'VirtualNetwork サービス タグにすべての IPv4 アドレスが含まれる可能性があります',
      v6: 'VirtualNetwork サービス タグにすべての IPv6 アドレスが含まれる可能性があります',
      both: 'VirtualNetwork サービス タグにすべてのアドレスが含まれる可能性があります',
    },
    except: (list: string): string => `${list} を除く。`,
    note: (except: string, note: string): string => `（${except}${note}）`,
  },
} as const;

type Text = (typeof TEXT)[Locale];

function ruleText(rule: RuleRef, t: Text): string {
  const kind = rule.isDefault ? `${t.defaultRule} ` : '';
  const priority = rule.priority === undefined ? '' : `, ${t.priority} ${rule.priority}`;
  return `${kind}"${rule.name}" (${t.attachment[rule.attachment]} ${rule.nsgName}${priority}, ${rule.access ?? '?'} ${t.from} ${rule.remote})`;
}

/**
 * The deciding rules of a run: those of one NSG (each deciding some of its sources) joined with
 * "and", the NSGs in the order traffic meets them (subnet NSG, then NIC NSG) joined with →.
 */
function rulesText(rules: readonly RuleRef[], t: Text): string {
  const groups = new Map<string, RuleRef[]>();
  for (const attachment of ['subnet', 'nic'] as const) {
    for (const rule of rules) {
      if (rule.attachment !== attachment) continue;
      const key = `${attachment}|${rule.nsgId.toLowerCase()}`;
      const group = groups.get(key);
      if (group) group.push(rule);
      else groups.set(key, [rule]);
    }
  }
  return [...groups.values()].map((group) => group.map((rule) => ruleText(rule, t)).join(t.and)).join(' → ');
}

/** Sources inside the VNet: CIDRs, never "Internet", and a whole family the VirtualNetwork tag may hold said as such. */
function insideText(segment: Segment, t: Text): string {
  const sources = insideSources(segment.sources);
  const whole = [...(sources.anyV4 ? ['0.0.0.0/0'] : []), ...(sources.anyV6 ? ['::/0'] : [])];
  if (whole.length === 0) return sources.addresses.join(', ');
  const note = sources.anyV4 && sources.anyV6 ? t.anyAddress.both : sources.anyV4 ? t.anyAddress.v4 : t.anyAddress.v6;
  const except = sources.except.length > 0 ? t.except(sources.except.join(', ')) : '';
  return `${[...whole, ...sources.addresses].join(', ')}${t.note(except, note)}`;
}

function segmentLine(segment: Segment, t: Text, extra = '', inside = false): string {
  const head = `${segment.protocol.toUpperCase()} ${formatPorts(segment.ports)}${extra}`;
  const sources = segment.sources.isEmpty() ? '' : ` ${t.from} ${inside ? insideText(segment, t) : describeSources(segment.sources).join(', ')}`;
  const rules =
    segment.rules.length > 0
      ? ` — ${segment.reach === 'unknown' ? t.decidedBy : t.allowedBy} ${rulesText(segment.rules, t)}`
      : segment.noNsg
        ? ` — ${t.noNsg}`
        : '';
  // Rules above that may match (a setting not known) and would give the same answer; their reason
  // is said once when it is the run's own.
  const maybe =
    segment.maybeRules.length > 0
      ? ` — ${t.mayDecide} ${segment.maybeRules
          .map((each) => `${ruleText(each.rule, t)}${each.reason === segment.reason ? '' : ` (${reasonIn(each.reason, t.locale)})`}`)
          .join(', ')}`
      : '';
  const reason = segment.reason ? ` — ${t.because}: ${reasonIn(segment.reason, t.locale)}` : '';
  return `    ${head}${sources}${rules}${maybe}${reason}`;
}

/** The public IP, load balancer, gateway or firewall a path goes through, by name; a public IP not known said so. */
function viaText(path: ExposurePath, t: Text): string {
  const kind = pathKindName(path.kind, t.locale);
  const notKnown = publicIpNotKnown(path);
  if (!notKnown) return `${kind} ${path.via.name}`;
  const why = reasonIn(notKnown.reason, t.locale);
  return notKnown.name ? `${kind} ${notKnown.name} (${why})` : `${STRINGS.unnamedPublicIp[t.locale]} (${why})`;
}

/** How a path goes: through what, by which rule, from which frontend port, to which address or name. */
function pathText(path: ExposurePath, t: Text): string {
  const rule = path.rule ? ` "${path.rule.name}"` : '';
  const frontend = path.frontendPorts;
  const frontendText = !isUnknown(frontend) && !isUnknown(path.ports) && !frontend.equals(path.ports) ? `, ${t.frontend} ${formatPorts(frontend)}` : '';
  const floating = path.destination
    ? ` (${t.floating}${path.destination.unknown === undefined ? ` ${formatAddresses(path.destination.address).join(', ')}` : ''})`
    : '';
  const host = path.hostName === undefined ? '' : ` (${t.hostName} ${path.hostName})`;
  return ` ${t.via} ${viaText(path, t)}${rule}${frontendText}${floating}${host}`;
}

function exposureLine(exposure: PortExposure, t: Text): string {
  return segmentLine(exposure, t, pathText(exposure.path, t));
}

/** A path on which the NSGs admit nothing: its protocols and ports at the VM (a public IP carries them all). */
function closedPathLine(path: ExposurePath, t: Text): string {
  const protocols = (['Tcp', 'Udp'] as const).filter((protocol) => (path.protocols & protocolBit(protocol)) !== 0).map((protocol) => protocol.toUpperCase());
  const via = pathText(path, t);
  return path.kind === 'public-ip' || isUnknown(path.ports) ? `    ${via.trimStart()}` : `    ${protocols.join('/')} ${formatPorts(path.ports)}${via}`;
}

/**
 * A readable, per-port explanation of why a VM is or is not reachable: every IP configuration, its
 * NSGs, each exposed port run with its path and the deciding rule of each NSG, the paths on which
 * the NSGs admit nothing, what the NSGs admit from the Internet where no path hands them the
 * Internet client (known or undecided), what stays unknown and why, and what is reachable from
 * inside the VNet. The same facts as explain's JSON (vmExplanation). Pure: no I/O.
 */
export function explainVm(graph: ResourceGraph, vm: Resource, locale: Locale, analysis: NetworkAnalysis = networkAnalysis(graph)): string {
  const t = TEXT[locale];
  const { network, targets } = vmExplanation(analysis, vm);
  const lines: string[] = [`${t.vm} ${vm.name} (${vm.id})`];
  for (const problem of network.problems) lines.push(`  ${t.problem} ${reasonIn(problem, locale)}`);
  const section = (title: string, segments: readonly Segment[], line: (segment: Segment) => string): void => {
    if (segments.length === 0) return;
    lines.push(`  ${title}`);
    for (const segment of segments) lines.push(line(segment));
  };
  for (const { target, exposures, closedPaths, latent, lateral, bastion } of targets) {
    const subnet = isUnknown(target.subnet) ? `${t.unknownIp} (${reasonIn(target.subnet.reason, locale)})` : target.subnet.name;
    const ip = isUnknown(target.address)
      ? `${t.unknownIp} (${reasonIn(target.address.reason, locale)})`
      : target.addressIsExact
        ? formatAddresses(target.address).join(', ')
        : `${t.dynamic} ${formatAddresses(target.address).join(', ')}`;
    const nsg = (value: typeof target.nicNsg): string =>
      value === undefined ? t.none : isUnknown(value) ? `${t.unknownNsg} (${reasonIn(value.reason, locale)})` : value.name;
    lines.push(`  ${t.nic} ${target.nic.name} / ${target.ipConfiguration.name} — ${t.subnet} ${subnet}, ${t.privateIp} ${ip}`);
    lines.push(`  ${t.nsgs}: ${t.subnet} ${nsg(target.subnetNsg)}, ${t.nic} ${nsg(target.nicNsg)}`);
    for (const [reach, title] of [
      ['internet', t.internet],
      ['restricted', t.restricted],
      ['unknown', t.unknown],
    ] as const) {
      const list = exposures.filter((exposure) => exposure.reach === reach);
      if (list.length === 0) continue;
      lines.push(`  ${title}`);
      for (const exposure of list) lines.push(exposureLine(exposure, t));
    }
    if (!exposures.some((exposure) => exposure.reach !== 'unknown')) lines.push(`  ${t.closed}`);
    if (closedPaths.length > 0) {
      lines.push(`  ${t.closedPaths}`);
      for (const path of closedPaths) lines.push(closedPathLine(path, t));
    }
    section(
      t.latent,
      latent.filter((segment) => segment.reach !== 'unknown'),
      (segment) => segmentLine(segment, t),
    );
    section(
      t.latentUnknown,
      latent.filter((segment) => segment.reach === 'unknown'),
      (segment) => segmentLine(segment, t),
    );
    section(t.lateral, lateral, (segment) => segmentLine(segment, t, '', true));
    section(t.bastion, bastion, (segment) => segmentLine(segment, t, '', true));
  }
  // Names, reasons and rule texts come from the scanned files: one line each, control characters spelled out.
  return lines.map(printable).join('\n') + '\n';
}
