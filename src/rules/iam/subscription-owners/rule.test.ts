import { describe, expect, it } from 'vitest';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { folderOf } from '../../../../test/support/files.js';
import { armError, roleAssignment, ROLES, snapshotOf, SUB, user } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { Analyses } from '../../../analyses/analyses.js';
import { evaluate } from '../../../engine/run.js';
import type { Evaluation } from '../../../findings/types.js';
import { loadInputs } from '../../../inputs/files/load.js';
import { ResourceGraph } from '../../../model/graph.js';
import rule from './rule.js';

const SCOPE = `/subscriptions/${SUB}`;
const A = 'a1a1a1a1-0000-4000-8000-000000000001';
const B = 'a1a1a1a1-0000-4000-8000-000000000002';
const C = 'a1a1a1a1-0000-4000-8000-000000000003';
const D = 'a1a1a1a1-0000-4000-8000-000000000004';
const GUEST = 'a1a1a1a1-0000-4000-8000-0000000000ee';
const people = [
  user(A, 'Aiko Sato'),
  user(B, 'Ben Ito'),
  user(C, 'Chika Mori'),
  user(D, 'Daichi Kato'),
  user(GUEST, 'Vendor Ops', { userType: 'Guest', userPrincipalName: 'ops_vendor.example#EXT#@contoso-trading.example' }),
];
const owners = (...ids: string[]): object[] => ids.map((id) => roleAssignment(SCOPE, ROLES.owner, id));
const OPS = 'b1b1b1b1-0000-4000-8000-000000000001';
/** A group entry as `azvmsec collect` writes it, with its member users when given. */
const opsGroup = (members?: object[]): object => ({
  '@odata.type': '#microsoft.graph.group',
  id: OPS,
  displayName: 'Platform Ops',
  securityEnabled: true,
  ...(members ? { transitiveMembers: members } : {}),
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'one user and a group whose one other member holds Owner too',
      snapshot: {
        resources: [...owners(A), roleAssignment(SCOPE, ROLES.owner, OPS, 'Group')],
        entra: { principals: [...people, opsGroup([user(A, 'Aiko Sato'), user(B, 'Ben Ito')])] },
      },
    },
    {
      name: 'two owners, members',
      snapshot: { resources: [...owners(A, B), roleAssignment(`${SCOPE}/resourceGroups/rg-app`, ROLES.contributor, C)], entra: { principals: people } },
    },
  ],
  invalid: [
    {
      name: 'a guest in a group that holds Contributor',
      snapshot: {
        resources: [...owners(A, B), roleAssignment(SCOPE, ROLES.contributor, OPS, 'Group', 'ra-platform-ops')],
        entra: { principals: [...people, opsGroup([user(C, 'Chika Mori'), people[4] as object])] },
      },
      findings: [
        {
          messageId: 'riskyMember',
          resource: 'ra-platform-ops',
          data: {
            kind: 'Guest',
            principal: 'ops_vendor.example#EXT#@contoso-trading.example',
            role: 'Contributor',
            subscription: 'Contoso Production',
            group: 'Platform Ops',
          },
        },
      ],
    },
    {
      name: 'four owners',
      snapshot: { resources: owners(A, B, C, D), entra: { principals: people } },
      findings: [{ messageId: 'ownerCount', data: { subscription: 'Contoso Production', count: 4, minimum: 2, maximum: 3 } }],
    },
    {
      // Before: the group counted as one Owner.
      name: 'one user and a group of three hold Owner',
      snapshot: {
        resources: [...owners(A), roleAssignment(SCOPE, ROLES.owner, OPS, 'Group')],
        entra: { principals: [...people, opsGroup([user(B, 'Ben Ito'), user(C, 'Chika Mori'), user(D, 'Daichi Kato')])] },
      },
      findings: [{ messageId: 'ownerCount', data: { subscription: 'Contoso Production', count: 4, minimum: 2, maximum: 3 } }],
    },
    {
      name: 'a guest contributor',
      snapshot: {
        resources: [...owners(A, B), roleAssignment(`${SCOPE}/resourceGroups/rg-app`, ROLES.contributor, GUEST, 'User', 'ra-vendor-ops')],
        entra: { principals: people },
      },
      findings: [
        {
          messageId: 'riskyHolder',
          resource: 'ra-vendor-ops',
          at: '/properties/principalId',
          data: { kind: 'Guest', principal: 'ops_vendor.example#EXT#@contoso-trading.example', role: 'Contributor', subscription: 'Contoso Production' },
        },
      ],
    },
  ],
  unknownImpossible: 'Resource Graph rows are always known; what could not be read is not assessed',
  notAssessed: [
    {
      name: 'a group holds Owner and the input does not list its members',
      snapshot: { resources: [...owners(A, B), roleAssignment(SCOPE, ROLES.owner, OPS, 'Group')], entra: { principals: [...people, opsGroup()] } },
      reason: /group 'Platform Ops' holds a privileged role.*does not list its members/,
    },
    { name: 'role assignments unreadable', snapshot: { errors: [{ ...armError('authorizationresources', 'Reader'), source: 'arm' }] }, reason: /Reader/ },
    { name: 'no Entra principals', snapshot: { resources: owners(A, B) }, reason: /guests and disabled accounts/ },
  ],
});

describe('AZV-IAM-010 with a template role assignment beside the snapshot of its subscription', () => {
  /** Three Owners in the snapshot, and a template that assigns a role given by a parameter to `principal` at the subscription. */
  async function withTemplateAssignment(principal: string): Promise<Evaluation> {
    const snapshot = snapshotOf({ resources: owners(A, B, C), entra: { principals: people } });
    const template = armTemplate(
      [
        {
          type: 'Microsoft.Authorization/roleAssignments',
          apiVersion: '2022-04-01',
          name: 'ra-from-template',
          scope: SCOPE,
          properties: { roleDefinitionId: "[parameters('role')]", principalId: principal },
        },
      ],
      { parameters: { role: { type: 'string' } } },
    );
    const root = await folderOf({ 'estate.snapshot.json': JSON.stringify(snapshot), 'roles.json': JSON.stringify(template) });
    const graph = new ResourceGraph((await loadInputs({ paths: [root] })).resources);
    return evaluate(rule, graph.get(SCOPE)!, new Analyses(graph), { minOwners: 2, maxOwners: 3 });
  }

  it('is unknown when a role not known may make a fourth Owner (it was a pass)', async () => {
    const result = await withTemplateAssignment(D);
    expect([result.status, result.reason]).toEqual([
      'unknown',
      `whether role assignment "ra-from-template" adds an Owner is not known: parameter 'role' has no value`,
    ]);
  });

  it('is unknown when a role not known is held by a guest (it was a pass)', async () => {
    const result = await withTemplateAssignment(GUEST);
    expect(result.status).toBe('unknown');
  });
});
