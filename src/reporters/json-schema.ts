import { z } from 'zod';
import { REPORT_SCHEMA_VERSION } from './json.js';

/**
 * The JSON report contract, version 1. `schema/report.schema.json` is generated from it
 * (`npm run gen`) and a test fails when the two differ. Adding optional fields is a minor change;
 * removing or renaming one needs a new major `schemaVersion`.
 */

const pillar = z.enum(['CONN', 'NET', 'VM', 'IAM', 'MON', 'REC']);
const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
const position = { line: z.number().int().min(1).optional(), column: z.number().int().min(1).optional() };
const location = z.object({ file: z.string(), line: z.number().int().min(1), column: z.number().int().min(1), pointer: z.string().optional() }).strict();
const portRange = z.object({ from: z.number().int().min(0).max(65535), to: z.number().int().min(0).max(65535) }).strict();
const named = z.object({ id: z.string(), name: z.string() }).strict();
const exposureBucket = z
  .object({
    tcp: z.array(portRange),
    udp: z.array(portRange),
    paths: z.array(
      z
        .object({
          protocol: z.enum(['Tcp', 'Udp']),
          ports: z.array(portRange).describe('Ports at the VM, as the NSGs see them'),
          path: z
            .object({
              kind: z.string().describe('public-ip, load-balancer-nat, load-balancer-rule, application-gateway or firewall-dnat'),
              nic: named,
              ipConfiguration: z.string(),
              via: z.object({ id: z.string(), name: z.string(), type: z.string() }).strict(),
              rule: z.string().optional(),
              frontendPorts: z.array(portRange).optional(),
            })
            .strict()
            .optional(),
          rules: z.array(
            z
              .object({
                nsg: named,
                attachment: z.enum(['subnet', 'nic']),
                name: z.string(),
                priority: z.number().int().optional(),
                access: z.string().optional(),
                isDefault: z.boolean(),
                location: location.optional(),
              })
              .strict(),
          ),
          sources: z.array(z.string()),
          reason: z.string().optional(),
          noNsg: z.boolean(),
        })
        .strict(),
    ),
  })
  .strict();

export const jsonReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.object({ name: z.literal('azvmsec'), version: z.string() }).strict(),
    locale: z.enum(['en', 'ja']).describe('Language of the messages'),
    inputs: z.array(
      z
        .object({
          path: z.string(),
          kind: z.enum(['arm-template', 'arm-parameters', 'snapshot', 'bicep', 'terraform']),
          status: z.enum(['ok', 'partial', 'error']).describe('ok: read fully; partial: parts could not be read or evaluated; error: nothing usable'),
          resources: z.number().int().min(0),
          diagnostics: z.array(z.object({ severity: z.enum(['error', 'warning', 'info']), message: z.string(), ...position }).strict()),
        })
        .strict(),
    ),
    evaluations: z
      .array(
        z
          .object({
            ruleId: z.string().regex(/^AZV-(CONN|NET|VM|IAM|MON|REC)-\d{3}$/),
            title: z.string(),
            pillar,
            severity,
            status: z.enum(['pass', 'fail', 'unknown', 'not-assessed', 'error']),
            resource: z
              .object({
                id: z.string(),
                type: z.string(),
                name: z.string(),
                input: z.string(),
                location: z
                  .object({ file: z.string(), line: z.number().int().min(1), column: z.number().int().min(1) })
                  .strict()
                  .optional(),
              })
              .strict(),
            reason: z.string().optional().describe('Why the evaluation is unknown, not assessed or an error'),
            findings: z.array(
              z
                .object({
                  message: z.string(),
                  messageId: z.string(),
                  data: z.record(z.string(), z.union([z.string(), z.number()])),
                  resourceId: z.string(),
                  location: z.object({ file: z.string().optional(), ...position, pointer: z.string() }).strict(),
                  fingerprint: z.string().describe('Stable across line moves: hash of rule id, resource id and JSON pointer'),
                })
                .strict(),
            ),
          })
          .strict(),
      )
      .describe('One entry per (rule, resource) pair; not-applicable pairs are left out'),
    summary: z.array(
      z
        .object({
          pillar,
          score: z.number().min(0).max(100).nullable().describe('Severity-weighted share of passes among pass and fail; null when nothing was decided'),
          pass: z.number().int().min(0),
          fail: z.number().int().min(0),
          unknown: z.number().int().min(0),
          error: z.number().int().min(0),
          notAssessed: z.number().int().min(0),
          rulesWithoutEvidence: z.array(z.string()),
        })
        .strict(),
    ),
    exposure: z
      .array(
        z
          .object({
            vm: named,
            internet: exposureBucket.describe('Reachable from the whole Internet'),
            restricted: exposureBucket.describe('Reachable only from some Internet sources'),
            unknown: exposureBucket.describe('Reachability the input cannot decide, with why'),
            problems: z.array(z.string()),
          })
          .strict(),
      )
      .describe('Network exposure of every VM: ports, paths and the NSG rules that decided'),
  })
  .strict();

export type JsonReport = z.infer<typeof jsonReportSchema>;

/** The published JSON Schema (draft 2020-12) of the report. */
export function reportJsonSchema(): Record<string, unknown> {
  return { title: 'azvmsec scan report', ...z.toJSONSchema(jsonReportSchema, { target: 'draft-2020-12' }) };
}
