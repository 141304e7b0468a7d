import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { SUB, TENANT } from '../../../../test/support/snapshot-snippets.js';
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
      name: 'template: assignment with audit effects',
      template: templateAssignment({ parameters: { diskEncryptionMonitoringEffect: { value: 'AuditIfNotExists' } } }),
    },
  ],
  invalid: [
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
    { name: 'template: parameters from a parameter', template: templateAssignment({ parameters: "[parameters('effects')]" }), reason: /effects/ },
    {
      name: 'assigned at a management group, ancestors of the subscription not in the input',
      resource: SUB,
      snapshot: { resources: [assignment('/providers/Microsoft.Management/managementGroups/mg-contoso', 'mcsb-mg')] },
      reason: /managementGroupAncestorsChain/,
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
