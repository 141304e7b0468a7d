import { describe, expect, it } from 'vitest';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { Analyses } from '../../../analyses/analyses.js';
import { defaultOptions, evaluate } from '../../../engine/run.js';
import { japaneseReason } from '../../../i18n/reasons.js';
import { readSnapshotValue } from '../../../inputs/snapshot/read.js';
import { ResourceGraph } from '../../../model/graph.js';
import { createResource, type Resource } from '../../../model/resource.js';
import { Unknown, type ValueObject } from '../../../model/value.js';
import { snapshotOf, SUB, TENANT, vm } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule, { MCSB_SET } from './rule.js';

const SET_ID = `/providers/Microsoft.Authorization/policySetDefinitions/${MCSB_SET}`;
/** A policyresources row. */
const assignment = (scope: string, name: string, properties: object = {}): object => ({
  id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
  name,
  type: 'microsoft.authorization/policyassignments',
  tenantId: TENANT,
  subscriptionId: SUB,
  location: 'global',
  properties: {
    displayName: 'ASC Default (subscription: 5b3e8c2d-1111-4111-8111-000000000001)',
    policyDefinitionId: SET_ID,
    scope,
    enforcementMode: 'Default',
    notScopes: [],
    parameters: {},
    ...properties,
  },
});
/** The subscription's Resource Graph `resourcecontainers` row, with the management groups above it. */
const subscriptionRow = (...groups: string[]): object => ({
  id: `/subscriptions/${SUB}`,
  name: SUB,
  type: 'microsoft.resources/subscriptions',
  tenantId: TENANT,
  subscriptionId: SUB,
  properties: {
    state: 'Enabled',
    managementGroupAncestorsChain: [...groups.map((name) => ({ name, displayName: name })), { name: TENANT, displayName: 'Tenant Root Group' }],
  },
});
/** A policyresources row of an exemption at `scope` from the subscription's assignment. */
const exemption = (scope: string, name: string, properties: object = {}): object => ({
  id: `${scope}/providers/Microsoft.Authorization/policyExemptions/${name}`,
  name,
  type: 'microsoft.authorization/policyexemptions',
  tenantId: TENANT,
  subscriptionId: SUB,
  properties: {
    policyAssignmentId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/SecurityCenterBuiltIn`,
    exemptionCategory: 'Waiver',
    ...properties,
  },
});
const MG = (name: string): string => `/providers/Microsoft.Management/managementGroups/${name}`;
const RG = (name: string): string => `/subscriptions/${SUB}/resourceGroups/${name}`;
const templateAssignment = (properties: object): object =>
  armTemplate([
    {
      type: 'Microsoft.Authorization/policyAssignments',
      apiVersion: '2024-04-01',
      name: 'SecurityCenterBuiltIn',
      properties: { displayName: 'Microsoft cloud security benchmark', policyDefinitionId: SET_ID, enforcementMode: 'Default', ...properties },
    },
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'assigned to the subscription', resource: SUB, snapshot: { resources: [assignment(`/subscriptions/${SUB}`, 'SecurityCenterBuiltIn')] } },
    {
      name: 'assigned at a management group the subscription sits under',
      resource: SUB,
      snapshot: {
        resources: [subscriptionRow('mg-landing-zones', 'mg-contoso'), assignment('/providers/Microsoft.Management/managementGroups/mg-contoso', 'mcsb-mg')],
      },
    },
    {
      name: 'assigned at a management group above the subscription, excluding another management group',
      resource: SUB,
      snapshot: {
        resources: [subscriptionRow('mg-landing-zones', 'mg-contoso'), assignment(MG('mg-contoso'), 'mcsb-mg', { notScopes: [MG('mg-sandbox')] })],
      },
    },
    {
      name: 'exempted at a resource group that holds no VM, or from another assignment',
      resource: SUB,
      snapshot: {
        resources: [
          assignment(`/subscriptions/${SUB}`, 'SecurityCenterBuiltIn'),
          ...vm('vm-app', { group: 'rg-app' }),
          exemption(RG('rg-data'), 'data-waiver'),
          exemption(RG('rg-app'), 'other-waiver', {
            policyAssignmentId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/allowed-locations`,
          }),
        ],
      },
    },
    {
      name: 'template: assignment with audit effects',
      template: templateAssignment({ parameters: { diskEncryptionMonitoringEffect: { value: 'AuditIfNotExists' } } }),
    },
  ],
  invalid: [
    {
      name: 'exempted at the subscription, and for two policies at a resource group holding a VM',
      resource: SUB,
      snapshot: {
        resources: [
          assignment(`/subscriptions/${SUB}`, 'SecurityCenterBuiltIn'),
          ...vm('vm-app', { group: 'rg-app' }),
          exemption(`/subscriptions/${SUB}`, 'sub-waiver', { exemptionCategory: 'Mitigated' }),
          exemption(RG('rg-app'), 'app-waiver', { policyDefinitionReferenceIds: ['jitNetworkAccessMonitoring', 'diskEncryptionMonitoring'] }),
        ],
      },
      findings: [
        {
          messageId: 'exemptedAll',
          resource: 'sub-waiver',
          at: '/properties/policyAssignmentId',
          data: { exemption: 'sub-waiver', category: 'Mitigated', scope: `/subscriptions/${SUB}`, assignment: 'SecurityCenterBuiltIn' },
        },
        {
          messageId: 'exemptedSome',
          resource: 'app-waiver',
          data: {
            exemption: 'app-waiver',
            category: 'Waiver',
            scope: RG('rg-app'),
            assignment: 'SecurityCenterBuiltIn',
            policies: 'jitNetworkAccessMonitoring, diskEncryptionMonitoring',
          },
        },
      ],
    },
    {
      name: 'template: an exemption declared beside the assignment',
      template: armTemplate([
        {
          type: 'Microsoft.Authorization/policyAssignments',
          apiVersion: '2024-04-01',
          name: 'SecurityCenterBuiltIn',
          properties: { policyDefinitionId: SET_ID },
        },
        {
          type: 'Microsoft.Authorization/policyExemptions',
          apiVersion: '2022-07-01-preview',
          name: 'waiver',
          properties: {
            policyAssignmentId: "[resourceId('Microsoft.Authorization/policyAssignments', 'SecurityCenterBuiltIn')]",
            exemptionCategory: 'Waiver',
          },
        },
      ]),
      findings: [
        {
          messageId: 'exemptedAll',
          resource: 'waiver',
          data: {
            exemption: 'waiver',
            category: 'Waiver',
            scope: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/azvmsec-rg',
            assignment: 'SecurityCenterBuiltIn',
          },
        },
      ],
    },
    { name: 'not assigned', snapshot: { resources: [] }, findings: [{ messageId: 'notAssigned', data: { subscription: SUB } }] },
    {
      name: 'assigned at a management group the subscription is not under',
      resource: SUB,
      snapshot: {
        resources: [subscriptionRow('mg-landing-zones'), assignment('/providers/Microsoft.Management/managementGroups/mg-sandbox', 'mcsb-mg')],
      },
      findings: [{ messageId: 'notAssigned', data: { subscription: SUB } }],
    },
    {
      name: 'management group assignment excludes the subscription',
      snapshot: { resources: [assignment('/providers/Microsoft.Management/managementGroups/mg-contoso', 'mcsb-mg', { notScopes: [`/subscriptions/${SUB}`] })] },
      findings: [{ messageId: 'notAssigned' }],
    },
    {
      name: 'management group assignment excludes a management group the subscription sits under',
      resource: SUB,
      snapshot: {
        resources: [subscriptionRow('mg-landing-zones', 'mg-contoso'), assignment(MG('mg-contoso'), 'mcsb-mg', { notScopes: [MG('MG-Landing-Zones')] })],
      },
      findings: [{ messageId: 'notAssigned', data: { subscription: SUB } }],
    },
    {
      name: 'not enforced, JIT and disk encryption effects disabled',
      resource: SUB,
      snapshot: {
        resources: [
          assignment(`/subscriptions/${SUB}`, 'SecurityCenterBuiltIn', {
            enforcementMode: 'DoNotEnforce',
            parameters: { jitNetworkAccessMonitoringEffect: { value: 'Disabled' }, diskEncryptionMonitoringEffect: { value: 'Disabled' } },
          }),
        ],
      },
      findings: [
        { messageId: 'notEnforced', resource: 'SecurityCenterBuiltIn', at: '/properties/enforcementMode' },
        {
          messageId: 'effectsDisabled',
          resource: 'SecurityCenterBuiltIn',
          data: { assignment: 'SecurityCenterBuiltIn', parameters: 'jitNetworkAccessMonitoringEffect, diskEncryptionMonitoringEffect' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'template: exemption from an assignment given by a parameter',
      template: armTemplate([
        {
          type: 'Microsoft.Authorization/policyAssignments',
          apiVersion: '2024-04-01',
          name: 'SecurityCenterBuiltIn',
          properties: { policyDefinitionId: SET_ID },
        },
        {
          type: 'Microsoft.Authorization/policyExemptions',
          apiVersion: '2022-07-01-preview',
          name: 'waiver',
          properties: { policyAssignmentId: "[parameters('assignmentId')]", exemptionCategory: 'Waiver' },
        },
      ]),
      reason: /assignmentId/,
    },
    { name: 'template: parameters from a parameter', template: templateAssignment({ parameters: "[parameters('effects')]" }), reason: /effects/ },
    {
      name: 'assigned at a management group, ancestors of the subscription not in the input',
      resource: SUB,
      snapshot: { resources: [assignment('/providers/Microsoft.Management/managementGroups/mg-contoso', 'mcsb-mg')] },
      reason: /managementGroupAncestorsChain/,
    },
    {
      name: 'assigned to the subscription excluding a management group, ancestors of the subscription not in the input',
      resource: SUB,
      snapshot: { resources: [assignment(`/subscriptions/${SUB}`, 'SecurityCenterBuiltIn', { notScopes: [MG('mg-sandbox')] })] },
      reason: /assignment SecurityCenterBuiltIn, which excludes management group mg-sandbox \(notScopes\)/,
    },
  ],
  notAssessed: [],
  notApplicable: [
    {
      name: 'template: another initiative',
      template: armTemplate([
        {
          type: 'Microsoft.Authorization/policyAssignments',
          apiVersion: '2024-04-01',
          name: 'iso27001',
          properties: { policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/89c6cddc-1c73-4ac1-b19c-54d1a15a42f2' },
        },
      ]),
    },
  ],
});

describe('an assignment whose scope is not known', () => {
  it('may be anywhere: the subscription is unknown, not covered by the scope in its id', () => {
    // Before: the scope in its id was taken, so the subscription passed.
    const read = readSnapshotValue(snapshotOf({ resources: [assignment(`/subscriptions/${SUB}`, 'SecurityCenterBuiltIn')] }), 'policies.json');
    const resources = read.resources.map((resource) =>
      resource.type.toLowerCase() === 'microsoft.authorization/policyassignments'
        ? createResource({
            ...resource,
            body: {
              ...resource.body,
              properties: { ...(resource.body['properties'] as ValueObject), scope: new Unknown("parameter 'subscriptionId' has no value") },
            },
          })
        : resource,
    );
    const subscription = resources.find((resource) => resource.key === `/subscriptions/${SUB}`) as Resource;
    const evaluation = evaluate(rule, subscription, new Analyses(new ResourceGraph(resources)), defaultOptions(rule));
    expect([evaluation.status, evaluation.reason]).toEqual([
      'unknown',
      "the scope of Microsoft.Authorization/policyAssignments 'SecurityCenterBuiltIn' is not known (parameter 'subscriptionId' has no value)",
    ]);
    expect(japaneseReason(evaluation.reason ?? '')).toMatch(/'SecurityCenterBuiltIn' のスコープが分かりません/);
  });
});
