import type { Localized } from '../i18n/locale.js';

/** The guide's five points, then backup and recovery, in report order. */
export const PILLARS = ['CONN', 'NET', 'VM', 'IAM', 'MON', 'REC'] as const;
export type Pillar = (typeof PILLARS)[number];

export const PILLAR_TITLES: Readonly<Record<Pillar, Localized>> = {
  CONN: { en: '1. Connection: how VMs are reached', ja: '1. 接続: VM への到達方法' },
  NET: { en: '2. Virtual network', ja: '2. 仮想ネットワーク' },
  VM: { en: '3. Virtual machine', ja: '3. 仮想マシン' },
  IAM: { en: '4. Microsoft Entra ID and Azure RBAC', ja: '4. Microsoft Entra ID と Azure RBAC' },
  MON: { en: '5. Threat monitoring', ja: '5. 脅威監視' },
  REC: { en: '+ Backup and recovery', ja: '+ バックアップと復旧' },
};

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Weight of a severity in a pillar's score. Info never fails, so it weighs nothing. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { critical: 10, high: 6, medium: 3, low: 1, info: 0 };

/** True when `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}
