import { InvalidArgumentError, Option, type Command } from 'commander';

/**
 * The options `azvmsec collect` and `azvmsec scan --live` share. This module stays light: the
 * collector (and `@azure/identity`) are imported only inside the actions, so `--version` is fast.
 */
export interface LiveOptions {
  readonly subscription: string[];
  readonly managementGroup: string[];
  readonly tenant?: string;
  readonly cloud: 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';
  readonly armEndpoint?: string;
  readonly graphEndpoint?: string;
  readonly authorityHost?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function addLiveOptions(command: Command): Command {
  return command
    .option('--subscription <id>', 'subscription id to collect (repeatable; default: every subscription the identity can read)', subscriptionId, [])
    .option('--management-group <id>', 'collect the subscriptions under this management group (repeatable)', repeatable, [])
    .option('--tenant <id>', 'Microsoft Entra tenant to sign in to')
    .addOption(new Option('--cloud <cloud>', 'Azure cloud').choices(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment']).default('AzureCloud'))
    .option('--arm-endpoint <url>', 'custom ARM / Resource Graph endpoint (env AZVMSEC_ARM_ENDPOINT)', url)
    .option('--graph-endpoint <url>', 'custom Microsoft Graph endpoint (env AZVMSEC_GRAPH_ENDPOINT)', url)
    .option('--authority-host <url>', 'custom Microsoft Entra sign-in authority (env AZVMSEC_AUTHORITY_HOST)', url);
}

/** Text for `--help`: where credentials come from. */
export const CREDENTIALS_HELP = `
Credentials: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI,
Azure PowerShell, Azure Developer CLI). Pre-obtained tokens instead: AZVMSEC_ARM_TOKEN (audience
https://management.azure.com) and AZVMSEC_GRAPH_TOKEN (https://graph.microsoft.com).
Permissions: Reader and Security Reader on the subscriptions, Microsoft Sentinel Reader on Sentinel
workspaces, Security Reader in Entra ID; Microsoft Graph Policy.Read.All, Directory.Read.All,
RoleManagement.Read.Directory, AuditLog.Read.All. Only reads are sent.`;

function subscriptionId(value: string, previous: string[]): string[] {
  const id = value.trim().replace(/^\/subscriptions\//i, '');
  if (!GUID.test(id)) throw new InvalidArgumentError('must be a subscription id (a GUID)');
  return [...previous, id];
}

function repeatable(value: string, previous: string[]): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  return [...previous, value.trim()];
}

function url(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error();
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL');
  }
  return value;
}
