import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Azure Resource Graph, ARM and Microsoft Graph v1.0, serving sanitized
 * responses in the shapes of Microsoft's REST API reference (Resource Graph `resources` query:
 * `{ totalRecords, count, data, facets, resultTruncated, $skipToken }`; ARM lists:
 * `{ value, nextLink }`; Graph: `{ @odata.context, value, @odata.nextLink }` and `$batch`
 * `{ responses: [{ id, status, headers, body }] }`). Ids, tenant and object ids are made up.
 * It records every request so tests can count them and check that only reads were sent.
 */

export type Row = Record<string, unknown>;

export interface FakeTenant {
  readonly tenantId: string;
  readonly subscriptions: readonly { subscriptionId: string; name: string; managementGroups?: readonly { name: string; displayName: string }[] }[];
  /** Rows per Resource Graph table (each with `subscriptionId`), filtered by the request's subscriptions. */
  readonly tables: Readonly<Record<string, readonly Row[]>>;
  /** ARM list answers by path (without query string, lower case); absent paths answer an empty list. */
  readonly arm?: Readonly<Record<string, readonly Row[]>>;
  /** ARM GET answers of single resources by path (their id, lower case), returned whole; they take precedence over `arm`. */
  readonly armResources?: Readonly<Record<string, Row>>;
  /** Microsoft Graph v1.0 answers by path: collections (arrays) are paged, objects are returned whole. */
  readonly graph: Readonly<Record<string, readonly Row[] | Row>>;
  /** Subscriptions whose ARM requests answer 403 AuthorizationFailed. */
  readonly forbiddenSubscriptions?: readonly string[];
  /** Graph paths that answer 403 Authorization_RequestDenied. */
  readonly forbiddenGraphPaths?: readonly string[];
}

export interface FakeAzureOptions {
  /** Rows per Graph page (default 100). */
  readonly graphPageSize?: number;
  /** 1-based numbers of Resource Graph requests that answer 429 with Retry-After. */
  readonly throttleResourceGraphRequests?: readonly number[];
  /** 1-based numbers of Graph $batch calls in which the first sub-request answers 429. */
  readonly throttleGraphBatches?: readonly number[];
  /** Retry-After value sent with 429s (seconds; default "1"). */
  readonly retryAfter?: string;
  /** Every next-page token and link points back at the second page, as a broken service or proxy might: paging never ends. */
  readonly loopingPages?: boolean;
  /**
   * Resource Graph answers 400 BadRequest / ResponsePayloadTooLarge when a page's JSON is larger than this
   * (Resource Graph's limit is 16,777,216 bytes), as it does in a tenant whose rows are large.
   */
  readonly maxResponseBytes?: number;
  /** Tables whose Resource Graph answer says `resultTruncated: "true"` after the first page, without a `$skipToken`. */
  readonly truncatedTables?: readonly string[];
  /**
   * Tables whose Resource Graph query answers 403 AuthorizationFailed: every query of the table, or with
   * `failedTableSubscriptions`, those asked about one of these subscriptions (a batch holding them).
   */
  readonly failedTables?: readonly string[];
  readonly failedTableSubscriptions?: readonly string[];
  /**
   * Subscriptions a tenant- or management-group-scoped Resource Graph query may cover: past it the query answers 400
   * TooManySubscriptionsUnderScope, unless it sets `allowPartialScopes`; then it covers the first ones only and says so
   * in `x-ms-tenant-subscription-limit-hit: true`.
   */
  readonly subscriptionScopeLimit?: number;
  /**
   * Microsoft Graph refuses an OData cast on `transitiveMembers` (400 Request_UnsupportedQuery) unless the request has
   * `ConsistencyLevel: eventual` and `$count=true`, as its documentation says ("advanced query capabilities").
   */
  readonly requireAdvancedQueries?: boolean;
  /** `GET /reports/authenticationMethods/userRegistrationDetails/{id}` answers `{ "value": { ... } }`, as the v1.0 reference's example shows. */
  readonly wrapRegistrationDetails?: boolean;
  /** ARM paths (lower case, without query string) that answer this status, every time: 403 AuthorizationFailed, 429 with Retry-After, or a server error. */
  readonly failedArmPaths?: Readonly<Record<string, number>>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly body?: unknown;
  readonly authorization?: string;
}

export interface FakeAzure {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeAzure(tenant: FakeTenant, options: FakeAzureOptions = {}): Promise<FakeAzure> {
  const requests: RecordedRequest[] = [];
  let argCount = 0;
  let batchCount = 0;
  let base = '';
  const graphPageSize = options.graphPageSize ?? 100;
  const retryAfter = options.retryAfter ?? '1';
  const forbidden = new Set((tenant.forbiddenSubscriptions ?? []).map((s) => s.toLowerCase()));

  const resourceGraph = (body: Row): { status: number; body: unknown; headers?: Record<string, string> } => {
    argCount++;
    if (options.throttleResourceGraphRequests?.includes(argCount)) {
      return {
        status: 429,
        body: { error: { code: 'RateLimiting', message: 'Please provide below info when asking for support: timestamp = ..., correlationId = ....' } },
        headers: { 'retry-after': retryAfter },
      };
    }
    const query = String(body['query'] ?? '');
    const table = query.trim().split(/\s|\|/)[0]?.toLowerCase() ?? '';
    let wanted = Array.isArray(body['subscriptions']) ? new Set((body['subscriptions'] as string[]).map((s) => s.toLowerCase())) : undefined;
    const requestOptions = (body['options'] ?? {}) as Row;
    const failing = options.failedTableSubscriptions?.map((s) => s.toLowerCase());
    if (options.failedTables?.includes(table) && (failing === undefined || failing.some((s) => wanted === undefined || wanted.has(s)))) {
      return {
        status: 403,
        body: {
          error: {
            code: 'AuthorizationFailed',
            message: `The client '00000000-0000-0000-0000-0000000000aa' does not have authorization to query ${table} over the requested scope.`,
          },
        },
      };
    }
    // A tenant or management group with more subscriptions than the limit.
    let limitHit = false;
    if (!wanted && options.subscriptionScopeLimit !== undefined && tenant.subscriptions.length > options.subscriptionScopeLimit) {
      if (requestOptions['allowPartialScopes'] !== true) {
        return {
          status: 400,
          body: {
            error: {
              code: 'BadRequest',
              message: 'Please provide below info when asking for support: timestamp = ..., correlationId = ....',
              details: [
                {
                  code: 'TooManySubscriptionsUnderScope',
                  message: `The number of subscriptions under provided tenant or management groups in the request has exceeded the allowed limit ${options.subscriptionScopeLimit}. Please select a more granular scope or allow partial scopes results by passing AllowPartialScopes flag in the query options.`,
                },
              ],
            },
          },
        };
      }
      wanted = new Set(tenant.subscriptions.slice(0, options.subscriptionScopeLimit).map((s) => s.subscriptionId.toLowerCase()));
      limitHit = true;
    }
    const top = Math.min(1000, Number(requestOptions['$top'] ?? 1000));
    const offset =
      typeof requestOptions['$skipToken'] === 'string' ? Number(JSON.parse(Buffer.from(requestOptions['$skipToken'], 'base64').toString()).offset) : 0;
    let rows: readonly Row[];
    if (table === 'resourcecontainers') {
      rows = tenant.subscriptions.map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`,
        subscriptionId: s.subscriptionId,
        name: s.name,
        tenantId: tenant.tenantId,
        state: 'Enabled',
        // Every subscription sits under the tenant root group at least.
        managementGroups: s.managementGroups ?? [{ name: tenant.tenantId, displayName: 'Tenant Root Group' }],
      }));
    } else {
      rows = tenant.tables[table] ?? [];
    }
    // Scoped to subscriptions, Resource Graph leaves out what sits above them (management groups, the
    // root) unless the query asks for those scopes too.
    const above = /^AtScope(AndAbove|AboveAndBelow)$/.test(String(requestOptions['authorizationScopeFilter'] ?? ''));
    if (wanted) rows = rows.filter((row) => wanted.has(String(row['subscriptionId']).toLowerCase()) || (above && !row['subscriptionId']));
    const page = rows.slice(offset, offset + top);
    const truncated = options.truncatedTables?.includes(table) === true && offset + top < rows.length;
    const more = offset + top < rows.length && !truncated;
    const answer = {
      totalRecords: rows.length,
      count: page.length,
      data: page,
      facets: [],
      resultTruncated: truncated ? 'true' : 'false',
      ...(more ? { $skipToken: Buffer.from(JSON.stringify({ offset: options.loopingPages ? top : offset + top })).toString('base64') } : {}),
    };
    const size = Buffer.byteLength(JSON.stringify(answer));
    if (options.maxResponseBytes !== undefined && size > options.maxResponseBytes) {
      return {
        status: 400,
        body: {
          error: {
            code: 'BadRequest',
            message: 'Please provide below info when asking for support: timestamp = ..., correlationId = ....',
            details: [
              {
                code: 'ResponsePayloadTooLarge',
                message: `Response payload size is ${size}, and has exceeded the limit of ${options.maxResponseBytes}. Please consider querying less data at a time and make paginated call if needed.`,
              },
            ],
          },
        },
      };
    }
    return {
      status: 200,
      headers: {
        'x-ms-user-quota-remaining': '14',
        'x-ms-user-quota-resets-after': '00:00:05',
        ...(limitHit ? { 'x-ms-tenant-subscription-limit-hit': 'true' } : {}),
      },
      body: answer,
    };
  };

  const arm = (path: string, search: URLSearchParams): { status: number; body: unknown; headers?: Record<string, string> } => {
    const match = /^\/subscriptions\/([^/]+)/i.exec(path);
    if (match && forbidden.has((match[1] as string).toLowerCase())) {
      const action = /providers\/([^?]+)/i.exec(path)?.[1] ?? 'read';
      return {
        status: 403,
        body: {
          error: {
            code: 'AuthorizationFailed',
            message: `The client '00000000-0000-0000-0000-0000000000aa' with object id '00000000-0000-0000-0000-0000000000aa' does not have authorization to perform action '${action}/read' over scope '/subscriptions/${match[1]}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
          },
        },
      };
    }
    const failure = options.failedArmPaths?.[path.toLowerCase()];
    if (failure !== undefined) {
      const code = failure === 403 ? 'AuthorizationFailed' : failure === 429 ? 'TooManyRequests' : 'InternalServerError';
      return {
        status: failure,
        body: { error: { code, message: `The fake answers ${failure} for ${path}.` } },
        ...(failure === 429 ? { headers: { 'retry-after': retryAfter } } : {}),
      };
    }
    const single = tenant.armResources?.[path.toLowerCase()];
    if (single) return { status: 200, body: single };
    const all = tenant.arm?.[path.toLowerCase()] ?? [];
    const skip = Number(search.get('$skiptoken') ?? 0);
    const page = all.slice(skip, skip + 50);
    const nextSkip = options.loopingPages ? 50 : skip + 50;
    const nextLink = skip + 50 < all.length ? `${base}${path}?api-version=${search.get('api-version')}&$skiptoken=${nextSkip}` : undefined;
    return { status: 200, body: { value: page, ...(nextLink ? { nextLink } : {}) } };
  };

  const graph = (
    relative: string,
    requestHeaders: Readonly<Record<string, string>> = {},
  ): { status: number; body: unknown; headers?: Record<string, string> } => {
    const url = new URL(relative, 'http://graph.local');
    const path = url.pathname;
    if (options.requireAdvancedQueries && /\/transitiveMembers\/microsoft\.graph\.[A-Za-z]+$/i.test(path)) {
      const consistency = Object.entries(requestHeaders).find(([name]) => name.toLowerCase() === 'consistencylevel')?.[1];
      if (consistency !== 'eventual' || url.searchParams.get('$count') !== 'true') {
        return {
          status: 400,
          body: {
            error: {
              code: 'Request_UnsupportedQuery',
              message: 'The specified type cast is not supported without the ConsistencyLevel header set to eventual and $count=true.',
            },
          },
        };
      }
    }
    if (tenant.forbiddenGraphPaths?.includes(path)) {
      return {
        status: 403,
        body: {
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
            innerError: { date: '2026-11-30T10:00:00', 'request-id': '00000000-0000-0000-0000-000000000001' },
          },
        },
      };
    }
    const data = tenant.graph[path];
    if (data === undefined) return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `Resource '${path}' does not exist.` } } };
    const context = `${base}/v1.0/$metadata#${path.slice(1)}`;
    if (!Array.isArray(data)) {
      if (options.wrapRegistrationDetails && path.startsWith('/reports/authenticationMethods/userRegistrationDetails/'))
        return { status: 200, body: { value: data } };
      return { status: 200, body: { '@odata.context': `${context}/$entity`, ...data } };
    }
    let items = data as Row[];
    const filter = url.searchParams.get('$filter');
    if (filter) {
      const ids = new Set([...filter.matchAll(/'([^']+)'/g)].map((m) => (m[1] as string).toLowerCase()));
      items = items.filter((item) => ids.has(String(item['id']).toLowerCase()));
    }
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const page = items.slice(skip, skip + graphPageSize);
    const next =
      skip + graphPageSize < items.length ? `${base}/v1.0${path}?$skiptoken=${options.loopingPages ? graphPageSize : skip + graphPageSize}` : undefined;
    return { status: 200, body: { '@odata.context': context, value: page, ...(next ? { '@odata.nextLink': next } : {}) } };
  };

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text === '' ? undefined : (JSON.parse(text) as Row);
    const url = new URL(request.url ?? '/', base);
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      url: url.pathname + url.search,
      ...(body !== undefined ? { body } : {}),
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    });
    let answer: { status: number; body: unknown; headers?: Record<string, string> };
    if (request.method === 'POST' && /\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(url.pathname)) {
      answer = resourceGraph(body ?? {});
    } else if (request.method === 'POST' && url.pathname === '/v1.0/$batch') {
      batchCount++;
      const subRequests = ((body ?? {})['requests'] ?? []) as { id: string; method: string; url: string; headers?: Record<string, string> }[];
      const responses = subRequests.map((sub, index) => {
        if (index === 0 && options.throttleGraphBatches?.includes(batchCount)) {
          return {
            id: sub.id,
            status: 429,
            headers: { 'Retry-After': retryAfter },
            body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
          };
        }
        if (sub.method !== 'GET') return { id: sub.id, status: 405, body: { error: { code: 'MethodNotAllowed', message: 'read-only fake' } } };
        const result = graph(sub.url, sub.headers);
        return { id: sub.id, status: result.status, headers: { 'Content-Type': 'application/json' }, body: result.body };
      });
      answer = { status: 200, body: { responses } };
    } else if (request.method === 'GET' && url.pathname.startsWith('/v1.0/')) {
      answer = graph(
        url.pathname.slice('/v1.0'.length) + url.search,
        Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
      );
    } else if (request.method === 'GET') {
      answer = arm(url.pathname, url.searchParams);
    } else {
      answer = { status: 405, body: { error: { code: 'MethodNotAllowed', message: `${request.method} is not served` } } };
    }
    response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...(answer.headers ?? {}) });
    response.end(JSON.stringify(answer.body));
  };

  const server: Server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'InternalServerError', message: String(error) } }));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
