import { z } from 'zod';
import { once } from '../../model/memo.js';
import { ENTRA_SECTION_NAMES, type EntraSection } from '../../model/entra.js';

/**
 * The azvmsec snapshot format, version 1: what `azvmsec collect` writes and `azvmsec scan` reads
 * (`.json`, or `.json.gz`). `schema/snapshot.schema.json` is generated from this schema
 * (`npm run gen`) and a test fails when the two differ. Adding optional fields keeps version 1;
 * removing or renaming one needs `snapshotVersion: 2`.
 *
 * A snapshot never contains access tokens: the collector writes only response bodies.
 */
export const SNAPSHOT_FORMAT = 'azvmsec-snapshot';
export const SNAPSHOT_VERSION = 1;

/**
 * The schema, built on first use (`once`): zod schemas take milliseconds to build, and a scan of templates
 * never needs this one.
 */
export const snapshotSchema = once(() => {
  /** A resource as Azure Resource Graph returns it: `id`, `type`, `name`, `properties`, … (any other columns are kept). */
  const resource = z
    .looseObject({
      id: z.string().min(1),
      type: z.string().min(1),
      name: z.string().optional(),
      subscriptionId: z.string().optional(),
      properties: z.unknown().optional(),
    })
    .describe('One row in the Azure Resource Graph shape (also the shape of ARM GET responses)');

  const graphObject = z.looseObject({}).describe('A Microsoft Graph v1.0 object, as returned');

  const sourceError = z
    .object({
      source: z.enum(['resource-graph', 'arm', 'microsoft-graph', 'credential']).describe('Which API failed'),
      operation: z.string().describe('What was being read: a Resource Graph table, an ARM collection or an Entra section'),
      scope: z.string().optional().describe('Subscription id, management group, workspace id or "tenant"'),
      status: z.number().int().optional().describe('HTTP status, when there was an answer'),
      code: z.string().optional().describe('The error code Azure returned (AuthorizationFailed, Authorization_RequestDenied, …)'),
      message: z.string(),
      missingPermission: z.string().optional().describe('The role or Graph permission that would allow the read'),
      subscriptions: z
        .array(z.string())
        .optional()
        .describe(
          'The subscriptions a Resource Graph query that failed covered, when it covered some of them only (a batch); without it, a failed table query covered every subscription collected',
        ),
    })
    .strict();

  const unavailable = z
    .object({
      status: z.number().int().optional(),
      code: z.string().optional(),
      message: z.string(),
      missingPermission: z.string().optional(),
    })
    .strict()
    .describe('Why a section could not be read');

  const entraShape = Object.fromEntries(ENTRA_SECTION_NAMES.map((name) => [name, z.union([z.array(graphObject), graphObject]).optional()])) as Record<
    EntraSection,
    z.ZodOptional<z.ZodUnion<[z.ZodArray<typeof graphObject>, typeof graphObject]>>
  >;

  const entra = z
    .object({
      tenantId: z.string().optional(),
      ...entraShape,
      unavailable: z
        .partialRecord(z.enum(ENTRA_SECTION_NAMES as [EntraSection, ...EntraSection[]]), unavailable)
        .optional()
        .describe('Sections that could not be read, by section name'),
    })
    .strict()
    .describe('Microsoft Entra ID data read from Microsoft Graph v1.0, each section as Graph returns it');

  const subscription = z
    .object({
      subscriptionId: z.string(),
      displayName: z.string().optional(),
      state: z.string().optional(),
      managementGroups: z
        .array(z.object({ name: z.string(), displayName: z.string().optional() }).strict())
        .optional()
        .describe('The management groups above the subscription, nearest first (Resource Graph managementGroupAncestorsChain)'),
      status: z.enum(['ok', 'partial', 'error']).describe('ok: every read succeeded; partial: some reads failed; error: nothing could be read'),
    })
    .strict();

  const snapshotSchema = z
    .object({
      format: z.literal(SNAPSHOT_FORMAT),
      snapshotVersion: z.literal(SNAPSHOT_VERSION),
      collection: z
        .object({
          tool: z.object({ name: z.literal('azvmsec'), version: z.string() }).strict(),
          startedAt: z.string().describe('ISO 8601 time the collection started'),
          finishedAt: z.string().describe('ISO 8601 time the collection ended'),
          cloud: z.string().describe('AzureCloud, AzureChinaCloud, AzureUSGovernment or custom'),
          tenantId: z.string().optional(),
          scope: z
            .object({
              subscriptions: z.array(z.string()).optional(),
              managementGroups: z.array(z.string()).optional(),
            })
            .strict()
            .describe('What was asked for; empty means every subscription the identity can read'),
          subscriptions: z.array(subscription).describe('The subscriptions that were collected, and how it went'),
          requests: z
            .object({
              resourceGraph: z.number().int().min(0),
              arm: z.number().int().min(0),
              microsoftGraph: z.number().int().min(0),
              retries: z.number().int().min(0),
            })
            .strict()
            .optional()
            .describe('HTTP requests sent per API (retries included)'),
          errors: z.array(sourceError).describe('Every read that failed; the rest was collected'),
        })
        .strict(),
      resources: z.array(resource),
      entra: entra.optional(),
    })
    .strict();
  return snapshotSchema;
});

export type Snapshot = z.infer<ReturnType<typeof snapshotSchema>>;
export type SnapshotSourceError = Snapshot['collection']['errors'][number];
export type SnapshotEntra = NonNullable<Snapshot['entra']>;
export type SnapshotUnavailable = NonNullable<NonNullable<SnapshotEntra['unavailable']>[EntraSection]>;

/** The published JSON Schema (draft 2020-12) of the snapshot. */
export function snapshotJsonSchema(): Record<string, unknown> {
  return { title: 'azvmsec snapshot', ...z.toJSONSchema(snapshotSchema(), { target: 'draft-2020-12' }) };
}
