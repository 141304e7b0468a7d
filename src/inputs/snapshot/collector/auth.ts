import type { Api } from './http.js';

/** The clouds azvmsec knows, with their ARM, Microsoft Graph and sign-in endpoints. */
export const CLOUDS = {
  AzureCloud: { arm: 'https://management.azure.com', graph: 'https://graph.microsoft.com', authority: 'https://login.microsoftonline.com' },
  AzureChinaCloud: {
    arm: 'https://management.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    authority: 'https://login.chinacloudapi.cn',
  },
  AzureUSGovernment: { arm: 'https://management.usgovcloudapi.net', graph: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
} as const;

export type CloudName = keyof typeof CLOUDS;
export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

export interface Endpoints {
  /** ARM and Resource Graph, without a trailing slash. */
  readonly arm: string;
  /** Microsoft Graph root (the collector adds `/v1.0`). */
  readonly graph: string;
  /** Microsoft Entra sign-in authority host. */
  readonly authority: string;
}

/** The cloud's endpoints with any custom ones laid over them. Custom endpoints keep the cloud's token audiences. */
export function endpointsFor(cloud: CloudName, custom: Partial<Endpoints> = {}): Endpoints & { readonly audiences: Readonly<Record<'arm' | 'graph', string>> } {
  const base = CLOUDS[cloud];
  const trim = (url: string): string => url.replace(/\/+$/, '');
  return {
    arm: trim(custom.arm ?? base.arm),
    graph: trim(custom.graph ?? base.graph),
    authority: trim(custom.authority ?? base.authority),
    audiences: { arm: `${base.arm}/.default`, graph: `${base.graph}/.default` },
  };
}

/** The minimal shape of an `@azure/core-auth` TokenCredential, so callers can pass any. */
export interface TokenCredentialLike {
  getToken(
    scopes: string | string[],
    options?: { tenantId?: string; abortSignal?: AbortSignal },
  ): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export interface TokenSourceOptions {
  /** Pre-obtained tokens (AZVMSEC_ARM_TOKEN, AZVMSEC_GRAPH_TOKEN): when any is given, no credential is used. */
  readonly tokens?: { readonly arm?: string | undefined; readonly graph?: string | undefined };
  /** A credential of the caller's; `DefaultAzureCredential` when absent. */
  readonly credential?: TokenCredentialLike;
  readonly tenantId?: string;
  readonly authorityHost: string;
  readonly audiences: Readonly<Record<'arm' | 'graph', string>>;
  readonly signal?: AbortSignal;
}

/**
 * Bearer tokens per API. Tokens live in memory only: nothing here is written to a snapshot or a
 * log. `@azure/identity` is imported on first use, so commands that never sign in never load it.
 */
export function tokenSource(options: TokenSourceOptions): (api: Api) => Promise<string> {
  const cache = new Map<'arm' | 'graph', { token: string; expires: number }>();
  let credential: Promise<TokenCredentialLike> | undefined;
  const fixed = options.tokens && (options.tokens.arm !== undefined || options.tokens.graph !== undefined) ? options.tokens : undefined;
  return async (api) => {
    const audience = api === 'microsoftGraph' ? 'graph' : 'arm';
    if (fixed) {
      const token = fixed[audience];
      if (token === undefined || token === '') {
        throw new Error(
          `no ${audience === 'arm' ? 'ARM' : 'Microsoft Graph'} token: set ${audience === 'arm' ? 'AZVMSEC_ARM_TOKEN' : 'AZVMSEC_GRAPH_TOKEN'} as well`,
        );
      }
      return token;
    }
    const cached = cache.get(audience);
    if (cached && cached.expires - Date.now() > 5 * 60_000) return cached.token;
    credential ??= options.credential ? Promise.resolve(options.credential) : defaultCredential(options);
    const answer = await (
      await credential
    ).getToken(options.audiences[audience], {
      ...(options.tenantId ? { tenantId: options.tenantId } : {}),
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
    if (!answer) throw new Error(`no token for ${options.audiences[audience]}`);
    cache.set(audience, { token: answer.token, expires: answer.expiresOnTimestamp });
    return answer.token;
  };
}

async function defaultCredential(options: TokenSourceOptions): Promise<TokenCredentialLike> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential({ authorityHost: options.authorityHost, ...(options.tenantId ? { tenantId: options.tenantId } : {}) });
}
