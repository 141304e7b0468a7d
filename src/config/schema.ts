import { z } from 'zod';
import { once } from '../model/memo.js';

/**
 * `.azvmsec.yaml`: every key is checked strictly (a typo is an error with its path, never silently
 * ignored), and the types are inferred from the schema. `schema/config.schema.json` is generated
 * from it for editor completion (`npm run gen`).
 */

export const RULE_ID = /^AZV-(CONN|NET|VM|IAM|MON|REC)-\d{3}$/;
/** Minimum length of a suppression's reason: long enough to say why (cdk-nag uses 10). */
export const MIN_REASON_LENGTH = 10;
/** An IPv4 or IPv6 address prefix (10.0.0.0/8, 2001:db8::/32) or a single address. */
function isAddressPrefix(text: string): boolean {
  const [address = '', length, ...rest] = text.split('/');
  const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(address) && address.split('.').every((octet) => Number(octet) <= 255);
  const v6 = !v4 && /^[0-9A-Fa-f:.]+$/.test(address) && address.includes(':') && address.split('::').length <= 2;
  const bits = v4 ? 32 : 128;
  return (v4 || v6) && rest.length === 0 && (length === undefined || (/^\d{1,3}$/.test(length) && Number(length) <= bits));
}

/**
 * The schema, built on first use (`once`): zod schemas take milliseconds to build, and a scan
 * without a configuration file never needs this one.
 */
export const configSchema = once(() => {
  const ruleId = z.string().regex(RULE_ID, { message: 'expected a rule id such as AZV-NET-002' });
  const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
  const date = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD' })
    .refine((value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), { message: 'not a valid date' });

  const reason = z
    .string({ message: 'a reason is required: say why the risk is accepted' })
    .trim()
    .min(MIN_REASON_LENGTH, { message: `the reason must say why in at least ${MIN_REASON_LENGTH} characters` });

  const resourceSelectorSchema = z
    .object({
      id: z.string().min(1).optional().describe('Resource id, or a glob over it (* within a segment, ** across segments); case-insensitive'),
      name: z.string().min(1).optional().describe('Resource name (case-insensitive; * is a wildcard)'),
      type: z.string().min(1).optional().describe('Resource type, such as Microsoft.Compute/virtualMachines (case-insensitive)'),
    })
    .strict()
    .refine((selector) => selector.id !== undefined || selector.name !== undefined || selector.type !== undefined, {
      message: 'a resource selector needs id, name or type',
    })
    .describe('Which resources: every given field must match');

  const suppressionSchema = z
    .object({
      rule: ruleId.describe('The rule whose failure is accepted'),
      resource: resourceSelectorSchema,
      reason: reason.describe(`Why the risk is accepted (at least ${MIN_REASON_LENGTH} characters)`),
      expires: date.optional().describe('The last day the suppression applies (YYYY-MM-DD); after it, the failure counts again and a warning says so'),
    })
    .strict();

  const attestationSchema = z
    .object({
      rule: ruleId.describe('A rule the inputs cannot assess (an estate-level measure a template cannot show)'),
      resource: resourceSelectorSchema.optional().describe('Which resources; every evaluation of the rule when absent'),
      by: z.string().trim().min(1, { message: 'say who attests' }).describe('Who attests that the measure is in place'),
      date: date.describe('When it was checked (YYYY-MM-DD)'),
      evidence: z
        .string()
        .trim()
        .min(MIN_REASON_LENGTH, { message: `describe the evidence in at least ${MIN_REASON_LENGTH} characters` })
        .describe('What shows it'),
      expires: date.optional().describe('The last day the attestation holds (YYYY-MM-DD)'),
    })
    .strict();

  const ruleSettingSchema = z
    .object({
      enabled: z.boolean().optional().describe('false turns the rule off'),
      severity: severity.optional().describe('Overrides the rule’s severity'),
      options: z.record(z.string(), z.unknown()).optional().describe('The rule’s options; see its documentation page'),
    })
    .strict();

  const prefixList = z.array(z.string().refine(isAddressPrefix, { message: 'expected an address prefix such as 10.0.0.0/8 or 2001:db8::/32' }));

  const configSchema = z
    .object({
      $schema: z.string().optional().describe('Path or URL of config.schema.json, for editors'),
      language: z.enum(['en', 'ja']).optional().describe('Language of the report (--lang wins)'),
      failOn: z
        .enum(['critical', 'high', 'medium', 'low', 'info', 'none'])
        .optional()
        .describe('Exit 1 when a check fails at or above this severity (--fail-on wins)'),
      profile: z.string().optional().describe('Run only the rules of this profile and group the report by its controls (--profile wins)'),
      exclude: z.array(z.string().min(1)).optional().describe('.gitignore-style patterns of paths to skip, added to --exclude'),
      rules: z
        .record(ruleId, z.union([z.enum(['on', 'off']), ruleSettingSchema]))
        .optional()
        .describe('Per rule: "off", or enabled, severity and options'),
      suppressions: z.array(suppressionSchema).optional().describe('Accepted risks: failing evaluations that do not count against failOn'),
      attestations: z.array(attestationSchema).optional().describe('Measures the inputs cannot show, attested by a person with evidence'),
      network: z
        .object({
          bgpPrefixes: z
            .union([prefixList, z.record(z.string().min(1), prefixList)], {
              error: 'expected a list of address prefixes, or lists by the name or id of a gateway, Route Server or virtual hub',
            })
            .optional()
            .describe(
              'Address prefixes advertised to Azure over BGP (ExpressRoute, BGP VPN, appliances peering with a Route Server, virtual WAN branches), default route included if advertised: Azure puts them in the VirtualNetwork tag of the VNets that learn them. One list for every source, or lists by the name or resource id of the gateway, Route Server or virtual hub that learns them ("*" for any other). Without a list for a source, verdicts that depend on that tag in its VNets are unknown, and so is whether their egress is tunnelled (AZV-NET-011)',
            ),
        })
        .strict()
        .optional()
        .describe('What the inputs cannot hold about the network'),
    })
    .strict();
  return configSchema;
});

export type Config = z.infer<ReturnType<typeof configSchema>>;
export type SuppressionConfig = NonNullable<Config['suppressions']>[number];
export type AttestationConfig = NonNullable<Config['attestations']>[number];
export type ResourceSelector = SuppressionConfig['resource'];

/** The published JSON Schema (draft 2020-12) of `.azvmsec.yaml`. */
export function configJsonSchema(): Record<string, unknown> {
  return { title: 'azvmsec configuration (.azvmsec.yaml)', ...z.toJSONSchema(configSchema(), { target: 'draft-2020-12', io: 'input' }) };
}
