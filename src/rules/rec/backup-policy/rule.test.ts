import { armTemplate, linuxVm } from '../../../../test/support/arm-snippets.js';
import { backupPolicy, protectedItem, recoveryVault } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

/** Daily points kept `count` `durationType`, and (unless `weeks` is 0) weekly points kept `weeks` weeks. */
const retention = (count: number, durationType = 'Days', weeks = 12): object => ({
  retentionPolicyType: 'LongTermRetentionPolicy',
  dailySchedule: { retentionTimes: ['2024-01-01T01:00:00Z'], retentionDuration: { count, durationType } },
  ...(weeks > 0
    ? { weeklySchedule: { daysOfTheWeek: ['Sunday'], retentionTimes: ['2024-01-01T01:00:00Z'], retentionDuration: { count: weeks, durationType: 'Weeks' } } }
    : {}),
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'daily points only, kept 180 days',
      template: armTemplate([recoveryVault('rsv-prod'), backupPolicy('rsv-prod', 'daily-180', { retentionPolicy: retention(180, 'Days', 0) })]),
    },
    { name: 'enhanced daily policy keeping 30 days', template: armTemplate([recoveryVault('rsv-prod'), backupPolicy('rsv-prod', 'daily-30')]) },
    {
      name: 'standard policy protecting a Standard VM, retention in weeks',
      template: armTemplate([
        linuxVm('legacy-1', {}, { securityProfile: null }),
        recoveryVault('rsv-prod'),
        backupPolicy('rsv-prod', 'daily-v1', {
          policyType: 'V1',
          schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: ['2024-01-01T01:00:00Z'] },
          retentionPolicy: retention(5, 'Weeks'),
        }),
        protectedItem('rsv-prod', 'legacy-1', 'daily-v1'),
      ]),
    },
    {
      name: 'standard policy protecting a Trusted Launch VM (supported since May 2025)',
      template: armTemplate([
        recoveryVault('rsv-prod'),
        linuxVm('app-1'),
        backupPolicy('rsv-prod', 'daily-v1', { policyType: 'V1' }),
        protectedItem('rsv-prod', 'app-1', 'daily-v1'),
      ]),
    },
  ],
  invalid: [
    {
      // The rule catalog: no weekly or monthly retention.
      name: 'daily points only, kept 30 days: nothing older to restore from',
      template: armTemplate([recoveryVault('rsv-prod'), backupPolicy('rsv-prod', 'daily-only', { retentionPolicy: retention(30, 'Days', 0) })]),
      findings: [{ messageId: 'shortHistory', at: '/properties/retentionPolicy', data: { name: 'rsv-prod/daily-only', days: 30, minimum: 90 } }],
    },
    {
      name: 'weekly schedule',
      template: armTemplate([
        recoveryVault('rsv-prod'),
        backupPolicy('rsv-prod', 'weekly', {
          policyType: 'V1',
          schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Weekly', scheduleRunDays: ['Sunday'] },
          retentionPolicy: {
            retentionPolicyType: 'LongTermRetentionPolicy',
            weeklySchedule: { daysOfTheWeek: ['Sunday'], retentionDuration: { count: 12, durationType: 'Weeks' } },
          },
        }),
      ]),
      findings: [{ messageId: 'weekly', at: '/properties/schedulePolicy/scheduleRunFrequency', data: { name: 'rsv-prod/weekly' } }],
    },
    {
      name: 'seven days of daily points',
      template: armTemplate([recoveryVault('rsv-prod'), backupPolicy('rsv-prod', 'daily-7', { retentionPolicy: retention(7) })]),
      findings: [
        {
          messageId: 'shortRetention',
          at: '/properties/retentionPolicy/dailySchedule/retentionDuration',
          data: { name: 'rsv-prod/daily-7', days: 7, minimum: 30 },
        },
      ],
    },
    {
      name: 'standard policy protecting a Confidential VM',
      template: armTemplate([
        recoveryVault('rsv-prod'),
        linuxVm('app-1', {}, { securityProfile: { securityType: 'ConfidentialVM', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } }),
        backupPolicy('rsv-prod', 'daily-v1', { policyType: 'V1' }),
        protectedItem('rsv-prod', 'app-1', 'daily-v1'),
      ]),
      findings: [
        { messageId: 'enhancedRequired', at: '/properties/policyType', data: { name: 'rsv-prod/daily-v1', securityType: 'ConfidentialVM', vm: 'app-1' } },
      ],
    },
  ],
  unknown: [
    {
      name: 'retention from a parameter with no value',
      template: armTemplate(
        [
          recoveryVault('rsv-prod'),
          backupPolicy('rsv-prod', 'daily', {
            retentionPolicy: { dailySchedule: { retentionDuration: { count: "[parameters('days')]", durationType: 'Days' } } },
          }),
        ],
        { parameters: { days: { type: 'int' } } },
      ),
      reason: /parameter 'days' has no value/,
    },
  ],
  notApplicable: [
    {
      name: 'Azure Files backup policy',
      template: armTemplate([
        recoveryVault('rsv-prod'),
        backupPolicy('rsv-prod', 'files', { backupManagementType: 'AzureStorage', workLoadType: 'AzureFileShare' }),
      ]),
    },
  ],
});
