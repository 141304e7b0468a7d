import { describe, expect, it } from 'vitest';
import { findProfile, profileControls, profileRules, PROFILES } from '../../src/profiles/index.js';
import { RULES } from '../../src/rules/index.js';
import { scan } from '../../src/scan.js';
import { ROOT } from '../support/cli.js';

/**
 * The inventory of each profile, pinned (cdk-nag test/Packs.test.ts): a rule that gains or loses a
 * mapping shows here in review. Update the list together with the rule's `mappings`.
 */
const PINNED: Readonly<Record<string, readonly string[]>> = {
  'mcsb-v1': [
    'AZV-CONN-001',
    'AZV-CONN-002',
    'AZV-CONN-003',
    'AZV-CONN-004',
    'AZV-CONN-005',
    'AZV-CONN-006',
    'AZV-CONN-007',
    'AZV-CONN-008',
    'AZV-IAM-001',
    'AZV-IAM-002',
    'AZV-IAM-003',
    'AZV-IAM-004',
    'AZV-IAM-005',
    'AZV-IAM-006',
    'AZV-IAM-007',
    'AZV-IAM-008',
    'AZV-IAM-009',
    'AZV-IAM-010',
    'AZV-IAM-011',
    'AZV-IAM-012',
    'AZV-IAM-013',
    'AZV-IAM-014',
    'AZV-MON-001',
    'AZV-MON-002',
    'AZV-MON-003',
    'AZV-MON-004',
    'AZV-MON-005',
    'AZV-MON-006',
    'AZV-MON-007',
    'AZV-MON-008',
    'AZV-MON-009',
    'AZV-MON-010',
    'AZV-MON-011',
    'AZV-MON-012',
    'AZV-MON-013',
    'AZV-MON-014',
    'AZV-MON-015',
    'AZV-MON-016',
    'AZV-MON-017',
    'AZV-MON-018',
    'AZV-NET-001',
    'AZV-NET-002',
    'AZV-NET-003',
    'AZV-NET-004',
    'AZV-NET-005',
    'AZV-NET-006',
    'AZV-NET-007',
    'AZV-NET-008',
    'AZV-NET-009',
    'AZV-NET-010',
    'AZV-NET-011',
    'AZV-NET-012',
    'AZV-NET-013',
    'AZV-NET-014',
    'AZV-NET-015',
    'AZV-NET-016',
    'AZV-NET-017',
    'AZV-NET-018',
    'AZV-NET-019',
    'AZV-NET-020',
    'AZV-NET-021',
    'AZV-NET-022',
    'AZV-REC-001',
    'AZV-REC-002',
    'AZV-REC-003',
    'AZV-REC-004',
    'AZV-REC-005',
    'AZV-REC-006',
    'AZV-REC-007',
    'AZV-REC-008',
    'AZV-REC-009',
    'AZV-REC-010',
    'AZV-VM-001',
    'AZV-VM-002',
    'AZV-VM-003',
    'AZV-VM-004',
    'AZV-VM-005',
    'AZV-VM-006',
    'AZV-VM-007',
    'AZV-VM-008',
    'AZV-VM-009',
    'AZV-VM-010',
    'AZV-VM-011',
    'AZV-VM-012',
    'AZV-VM-013',
    'AZV-VM-014',
    'AZV-VM-015',
    'AZV-VM-016',
  ],
  'cis-azure-5.0.0': [
    'AZV-CONN-001',
    'AZV-CONN-006',
    'AZV-IAM-001',
    'AZV-IAM-003',
    'AZV-IAM-005',
    'AZV-IAM-007',
    'AZV-IAM-009',
    'AZV-IAM-010',
    'AZV-IAM-011',
    'AZV-IAM-012',
    'AZV-IAM-013',
    'AZV-MON-001',
    'AZV-MON-002',
    'AZV-MON-003',
    'AZV-MON-004',
    'AZV-MON-005',
    'AZV-MON-006',
    'AZV-MON-007',
    'AZV-MON-011',
    'AZV-MON-012',
    'AZV-MON-013',
    'AZV-MON-014',
    'AZV-MON-015',
    'AZV-MON-016',
    'AZV-MON-017',
    'AZV-NET-001',
    'AZV-NET-002',
    'AZV-NET-003',
    'AZV-NET-004',
    'AZV-NET-005',
    'AZV-NET-008',
    'AZV-NET-017',
    'AZV-NET-018',
    'AZV-NET-019',
    'AZV-NET-020',
    'AZV-REC-008',
    'AZV-REC-009',
    'AZV-REC-010',
    'AZV-VM-001',
    'AZV-VM-010',
  ],
};

describe('profiles', () => {
  for (const profile of PROFILES) {
    it(`${profile.id}: its rule list is pinned`, () => {
      expect(profileRules(profile, RULES).map((rule) => rule.id)).toEqual(PINNED[profile.id]);
    });
  }

  it('take stable rules only, and are built from mappings, not copied', () => {
    const preview = { ...RULES[0]!, id: 'AZV-VM-998', status: 'preview' as const, mappings: { 'mcsb-v1': ['NS-1'] } };
    const mapped = { ...RULES[0]!, id: 'AZV-VM-997', status: 'stable' as const, mappings: { 'mcsb-v1': ['NS-1'] } };
    const ids = profileRules(PROFILES[0]!, [preview, mapped]).map((rule) => rule.id);
    expect(ids).toEqual(['AZV-VM-997']);
  });

  it('group controls in their natural order', () => {
    const cis = findProfile('cis')!;
    const controls = profileControls(cis, RULES).map((c) => c.control);
    expect(controls).toEqual([...controls].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    expect(findProfile('MCSB')?.id).toBe('mcsb-v1');
    expect(findProfile('nist')).toBeUndefined();
  });

  it('--profile selects the rules and lists the controls in the report', async () => {
    const cis = findProfile('cis-azure-5.0.0')!;
    const report = await scan({ paths: ['examples'], cwd: ROOT, profile: cis });
    const ran = new Set(report.evaluations.map((e) => e.ruleId));
    expect([...ran].every((id) => PINNED['cis-azure-5.0.0']!.includes(id))).toBe(true);
    expect(report.profile?.id).toBe('cis-azure-5.0.0');
    expect(report.profile?.controls.length).toBeGreaterThan(3);
    expect(report.profile?.controls.flatMap((c) => c.ruleIds).every((id) => PINNED['cis-azure-5.0.0']!.includes(id))).toBe(true);
  });
});
