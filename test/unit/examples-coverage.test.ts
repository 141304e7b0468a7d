import { beforeAll, describe, expect, it } from 'vitest';
import { scan, type Report } from '../../src/index.js';
import { japaneseReason } from '../../src/i18n/reasons.js';
import { ROOT } from '../support/cli.js';

/**
 * The bundled example estate (examples/) shows each of these rules both failing and passing, so a
 * demo or a reader of the templates sees what the rule wants. The resource named here is the one
 * that shows it; renaming or reshaping it in the templates means updating this table.
 */
const SHOWN: Readonly<Record<string, { readonly fail: string; readonly pass: string }>> = {
  'AZV-CONN-001': { fail: 'contoso-data-vnet', pass: 'contoso-web-vnet' }, // fails: no Bastion, not peered; passes: peered hub Bastion
  'AZV-CONN-002': { fail: 'contoso-bastion', pass: 'contoso-dr-bastion' }, // fails: tunneling, no IP rules
  'AZV-CONN-005': { fail: 'japaneast/contoso-jit', pass: 'japanwest/contoso-dr-jit' }, // fails: PT8H; passes: PT1H, hub mgmt only
  'AZV-CONN-006': { fail: 'contoso-hub-vpn-gw', pass: 'contoso-dr-vpn-gw' }, // fails: certificate P2S; passes: Entra ID only
  'AZV-CONN-007': { fail: 'contoso-dr-to-osaka-office', pass: 'contoso-to-osaka-office' }, // fails: default policy
  'AZV-CONN-008': { fail: 'contoso-colo-er', pass: 'contoso-hq-er' }, // fails: ExpressRoute Direct, no MACsec; passes: IPsec over private peering
  'AZV-NET-013': { fail: 'contoso-dr-fw', pass: 'contoso-hub-fw' }, // fails: Alert
  'AZV-NET-014': { fail: 'contoso-dr-fw', pass: 'contoso-hub-fw' }, // fails: Standard; passes: Premium, IDPS Deny
  'AZV-NET-015': { fail: 'contoso-dr-fw', pass: 'contoso-hub-fw' }, // fails: classic rules
  'AZV-NET-016': { fail: 'contoso-dr-fw', pass: 'contoso-dr-hub-vnet' }, // fails: default route, no management IP; passes: BGP gateway
  'AZV-NET-017': { fail: 'contosoreportvhds', pass: 'contosohubdiag' },
  'AZV-NET-018': { fail: 'contoso-web-agw-pip', pass: 'contoso-jump01-pip' },
  'AZV-NET-019': { fail: 'report01', pass: 'contoso-web01' }, // fails: 443 straight from the Internet
  'AZV-NET-020': { fail: 'contoso-web-waf', pass: 'contosoFdWaf' }, // fails: Detection; passes: Prevention
  'AZV-NET-021': { fail: 'contoso-reports-fd', pass: 'contoso-fd' }, // fails: classic, no WAF; passes: Premium, WAF on every domain
  'AZV-NET-022': { fail: 'branch-osaka-fgt-vm', pass: 'contoso-dr-router01' }, // fails: single next hop
};

/** Rules deliberately shown only one way, with the reason. None today. */
const EXCEPTIONS: Readonly<Record<string, string>> = {};

/** Network rules the estate exercises one way only, as examples/README.md says: what it shows of each. */
const ONE_WAY: Readonly<Record<string, string>> = {
  'AZV-NET-001': 'every NIC is behind an NSG',
  'AZV-NET-003': 'no rule opens every port to the Internet (unknown where a 0.0.0.0/0 route may put public addresses in VirtualNetwork)',
  'AZV-NET-004': 'no high-risk port is open to the Internet',
  'AZV-NET-006': 'the old public load balancer publishes SSH',
  'AZV-NET-008': 'every workload subnet has an NSG',
};

describe('the example estate', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: ['examples'], cwd: ROOT });
  }, 60_000);

  it('reads every input without errors', () => {
    expect(report.inputs.filter((input) => input.status !== 'ok')).toEqual([]);
  });

  it('gives every reason in Japanese too', () => {
    const untranslated = report.evaluations.flatMap((e) => (e.reason !== undefined && japaneseReason(e.reason) === undefined ? [e.reason] : []));
    expect([...new Set(untranslated)]).toEqual([]);
  });

  it('shows every network and connection rule it exercises both ways, but those listed one way', () => {
    const shown = new Map<string, Set<string>>();
    for (const e of report.evaluations) {
      if (/^AZV-(NET|CONN)-/.test(e.ruleId) && (e.status === 'fail' || e.status === 'pass'))
        shown.set(e.ruleId, (shown.get(e.ruleId) ?? new Set()).add(e.status));
    }
    const oneWay = [...shown].filter(([, statuses]) => statuses.size === 1).map(([id]) => id);
    expect(oneWay.sort()).toEqual(Object.keys(ONE_WAY).sort());
  });

  it.each(Object.keys(SHOWN).filter((id) => !(id in EXCEPTIONS)))('shows %s failing and passing', (id) => {
    const statuses = report.evaluations.filter((e) => e.ruleId === id).map((e) => `${e.status} ${e.resource.name}`);
    const shown = SHOWN[id] as { fail: string; pass: string };
    expect(statuses).toContain(`fail ${shown.fail}`);
    expect(statuses).toContain(`pass ${shown.pass}`);
  });

  it("reads the branch POS VM's cloud-init from its template file, around an address only apply knows, and finds no credential", () => {
    const evaluation = report.evaluations.find((e) => e.ruleId === 'AZV-VM-015' && e.resource.name === 'branch-osaka-pos-vm');
    expect(evaluation?.status).toBe('pass');
  });

  it('reads the data tier from its Bicep file, with the values of its parameter file and the password from Key Vault', () => {
    expect(report.inputs.filter((input) => input.path.startsWith('examples/spoke-data/')).map((input) => [input.path, input.kind, input.diagnostics])).toEqual([
      ['examples/spoke-data/database.bicep', 'bicep', []],
      ['examples/spoke-data/database.bicepparam', 'arm-parameters', []],
    ]);
    // authenticationType = 'password' and securityType = 'Standard' come from database.bicepparam.
    const statusOf = (id: string): string | undefined => report.evaluations.find((e) => e.ruleId === id && e.resource.name === 'contoso-db01')?.status;
    expect([statusOf('AZV-VM-013'), statusOf('AZV-VM-006'), statusOf('AZV-VM-015')]).toEqual(['fail', 'fail', 'pass']);
    const trustedLaunch = report.evaluations.find((e) => e.ruleId === 'AZV-VM-006' && e.resource.name === 'contoso-db01');
    expect(trustedLaunch?.findings[0]?.location).toMatchObject({ file: 'examples/spoke-data/database.bicep', line: 158 });
  });
});
