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
const decidingRule = z
  .object({
    nsg: named,
    attachment: z.enum(['subnet', 'nic']),
    name: z.string(),
    priority: z.number().int().optional(),
    access: z.string().optional(),
    isDefault: z.boolean(),
    location: location.optional(),
  })
  .strict();
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
          rules: z.array(decidingRule),
          maybeRules: z
            .array(z.object({ rule: decidingRule, reason: z.string() }).strict())
            .optional()
            .describe('Rules above the deciding ones that may match instead (a setting not known) and would give the same answer, with why'),
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
            status: z
              .enum(['pass', 'fail', 'unknown', 'not-assessed', 'attested', 'error'])
              .describe('attested: not assessable from the inputs, and attested in the configuration; never a pass'),
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
            reason: z.string().optional().describe('Why the evaluation is unknown, not assessed, not applicable or an error, in the language of the report'),
            findings: z.array(
              z
                .object({
                  message: z.string(),
                  messageId: z.string(),
                  data: z.record(z.string(), z.union([z.string(), z.number()])),
                  resourceId: z.string(),
                  location: z.object({ file: z.string().optional(), ...position, pointer: z.string() }).strict(),
                  fingerprint: z
                    .string()
                    .describe(
                      'Stable across line moves: hash of rule id, resource id and JSON pointer, and of the input when the evaluated resource is declared in a file (two templates can declare the same id; a snapshot or live resource has none)',
                    ),
                })
                .strict(),
            ),
            suppression: z
              .object({
                kind: z.enum(['config', 'inline']),
                reason: z.string(),
                expires: z.string().optional(),
                source: z.string().describe('Where the suppression is written'),
              })
              .strict()
              .optional()
              .describe('Set on a failing evaluation whose risk was accepted: it does not count against --fail-on'),
            attestation: z
              .object({ by: z.string(), date: z.string(), evidence: z.string(), expires: z.string().optional() })
              .strict()
              .optional()
              .describe('Who attested the measure the inputs cannot show, when, and on what evidence'),
            baseline: z.enum(['new', 'changed']).optional().describe('With --baseline: new or changed since the baseline report'),
            defender: z
              .object({
                key: z.string().describe('Assessment key'),
                name: z.string().describe("The recommendation's display name"),
                status: z.enum(['Healthy', 'Unhealthy', 'NotApplicable']),
                agrees: z
                  .boolean()
                  .optional()
                  .describe('Pass with Healthy or fail with Unhealthy: true; the other way round: false; absent when they do not compare'),
              })
              .strict()
              .optional()
              .describe("Live and snapshot scans: Defender for Cloud's own assessment of the same measure on the resource"),
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
          suppressed: z.number().int().min(0).optional().describe('Failures whose risk was accepted (also counted in fail)'),
          attested: z.number().int().min(0).optional(),
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
    warnings: z
      .array(
        z
          .object({
            kind: z.enum(['suppression-expired', 'suppression-unused', 'suppression-invalid', 'attestation-expired', 'attestation-unused']),
            ruleId: z.string(),
            source: z.string(),
            target: z.string().optional(),
            reason: z.string().optional(),
            expires: z.string().optional(),
            problem: z.string().optional(),
            message: z.string().describe('The warning in the report language'),
          })
          .strict(),
      )
      .optional()
      .describe('Expired, unused and invalid suppressions and attestations'),
    profile: z
      .object({
        id: z.string(),
        title: z.string(),
        controls: z.array(z.object({ control: z.string(), ruleIds: z.array(z.string()) }).strict()),
      })
      .strict()
      .optional()
      .describe('With --profile: the profile and the rules of each of its controls'),
    baseline: z
      .object({
        file: z.string(),
        new: z.number().int().min(0),
        changed: z.number().int().min(0),
        unchanged: z.number().int().min(0),
        resolved: z.number().int().min(0),
      })
      .strict()
      .optional()
      .describe('With --baseline: only new and changed evaluations are listed'),
    defender: z
      .object({ compared: z.number().int().min(0), agree: z.number().int().min(0), differ: z.number().int().min(0) })
      .strict()
      .optional()
      .describe('When the input holds Defender for Cloud assessments: how many verdicts they cover, agree with and differ from'),
  })
  .strict();

export type JsonReport = z.infer<typeof jsonReportSchema>;

/** The published JSON Schema (draft 2020-12) of the report. */
export function reportJsonSchema(): Record<string, unknown> {
  return { title: 'azvmsec scan report', ...z.toJSONSchema(jsonReportSchema, { target: 'draft-2020-12' }) };
}
