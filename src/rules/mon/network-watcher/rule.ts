import { get } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { coveredBySubscription, subscriptionIdOf } from '../../shared/subscription.js';

const WATCHER_TYPE = 'Microsoft.Network/networkWatchers';

/** Region names compare without case or spaces ("Japan East" = "japaneast"). */
function region(value: string): string {
  return value.toLowerCase().replace(/\s+/g, '');
}

export default defineRule({
  id: 'AZV-MON-011',
  name: 'network-watcher',
  pillar: 'MON',
  severity: 'low',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/virtualNetworks'],
  title: {
    en: 'Network Watcher enabled in every region that hosts VNets',
    ja: 'VNet が存在する全リージョンで Network Watcher が有効',
  },
  fix: {
    en: 'Create a Network Watcher (usually in resource group NetworkWatcherRG) in every region of the subscription that has virtual networks.',
    ja: '仮想ネットワークがあるサブスクリプションの各リージョンに Network Watcher を作成します（通常はリソース グループ NetworkWatcherRG）。',
  },
  messages: {
    noWatcher: {
      en: 'Region {{region}} hosts virtual network "{{vnet}}" but subscription {{subscription}} has no Network Watcher there: no flow logs, IP flow verify or connection troubleshooting.',
      ja: 'リージョン {{region}} には仮想ネットワーク "{{vnet}}" がありますが、サブスクリプション {{subscription}} の Network Watcher がありません。フローログ、IP フロー検証、接続のトラブルシューティングを使えません。',
    },
  },
  mappings: {
    'mcsb-v1': ['IR-4', 'LT-4'],
    'cis-azure-5.0.0': ['7.6'],
    'azure-policy': ['b6e2945c-0b7b-40f5-9233-7a5323b5cdc6'],
    peers: ['prowler network_watcher_enabled'],
  },
  check(vnet, context) {
    const location = get(vnet, 'location');
    if (isUnknown(location)) return context.unknown(location.reason);
    if (typeof location !== 'string' || location === '') return context.unknown(`virtual network "${vnet.name}" has no location`);
    const subscription = subscriptionIdOf(vnet);
    const watchers = context.graph.ofType(WATCHER_TYPE).filter((watcher) => subscriptionIdOf(watcher) === subscription);
    for (const watcher of watchers) {
      const at = get(watcher, 'location');
      if (isUnknown(at)) return context.unknown(at.reason);
      if (typeof at === 'string' && region(at) === region(location)) return;
    }
    // Azure creates a watcher automatically with the first VNet of a region; a template rarely declares it.
    if (!coveredBySubscription(context.graph, vnet) && context.graph.ofType(WATCHER_TYPE).length === 0) {
      return context.notAssessed(
        'the input holds no Network Watcher and not the subscription it would be in; Azure creates one per region automatically unless that is turned off, which a snapshot of the whole subscription or a live scan shows',
      );
    }
    context.report('noWatcher', { region: location, vnet: vnet.name, subscription: subscription ?? '' }, { at: '/location' });
  },
});
