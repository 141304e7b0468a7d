import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { argRow } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const vnet = (name: string, location = 'japaneast'): object =>
  argRow('Microsoft.Network/virtualNetworks', 'rg-network', name, { addressSpace: { addressPrefixes: ['10.10.0.0/16'] }, subnets: [] }, { location });
const watcher = (location: string): object =>
  argRow('Microsoft.Network/networkWatchers', 'NetworkWatcherRG', `NetworkWatcher_${location}`, { provisioningState: 'Succeeded' }, { location });
const templateVnet = (location: unknown, extra: object[] = []): object =>
  armTemplate([
    {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2024-05-01',
      name: 'vnet-hub',
      location,
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    },
    ...extra,
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'watcher in each VNet region',
      snapshot: { resources: [vnet('vnet-hub'), vnet('vnet-dr', 'japanwest'), watcher('japaneast'), watcher('japanwest')] },
    },
    {
      name: 'template: watcher declared (display-name region)',
      template: templateVnet('japaneast', [
        { type: 'Microsoft.Network/networkWatchers', apiVersion: '2024-05-01', name: 'nw-je', location: 'Japan East', properties: {} },
      ]),
    },
  ],
  invalid: [
    {
      name: 'DR region without watcher',
      snapshot: { resources: [vnet('vnet-hub'), vnet('vnet-dr', 'japanwest'), watcher('japaneast')] },
      findings: [
        {
          messageId: 'noWatcher',
          resource: 'vnet-dr',
          at: '/location',
          data: { region: 'japanwest', vnet: 'vnet-dr', subscription: '5b3e8c2d-1111-4111-8111-000000000001' },
        },
      ],
    },
  ],
  unknown: [{ name: 'template: location from a parameter', template: templateVnet("[parameters('location')]"), reason: /location/ }],
  notAssessed: [{ name: 'template: no watcher declared (Azure creates one)', template: templateVnet('japaneast'), reason: /automatically/ }],
  notApplicable: [],
});
