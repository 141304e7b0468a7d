import type { Locale, Localized } from './locale.js';

/** How an Internet exposure path reaches a VM, by the kind the network analysis gives it. */
export const PATH_KINDS: Readonly<Record<string, Localized>> = {
  'public-ip': { en: 'public IP', ja: 'パブリック IP' },
  'load-balancer-nat': { en: 'load balancer NAT rule', ja: 'ロードバランサーの受信 NAT 規則' },
  'load-balancer-rule': { en: 'load-balancing rule', ja: 'ロードバランサーの負荷分散規則' },
  'application-gateway': { en: 'Application Gateway (HTTP(S) only)', ja: 'Application Gateway（HTTP(S) のみ）' },
  'firewall-dnat': { en: 'Azure Firewall DNAT rule', ja: 'Azure Firewall の DNAT 規則' },
};

/** The name of a path kind in `locale`; the kind as given when it has none. */
export function pathKindName(kind: string, locale: Locale): string {
  return Object.hasOwn(PATH_KINDS, kind) ? (PATH_KINDS[kind] as Localized)[locale] : kind;
}
