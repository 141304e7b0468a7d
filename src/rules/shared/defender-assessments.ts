import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey } from '../../model/resource-id.js';
import { findKey, isObject } from '../../model/value.js';

/**
 * Defender for Cloud's assessments of resources (Resource Graph `securityresources`, type
 * `microsoft.security/assessments`): one per recommendation and assessed resource, named by the
 * recommendation's assessment key, with `properties.status.code` Healthy, Unhealthy or
 * NotApplicable. Only live scans and snapshots hold them.
 */
export const ASSESSMENT_TYPE = 'Microsoft.Security/assessments';

/** "EDR solution should be installed on Virtual Machines" (MDE or a supported third-party EDR, however it was onboarded). */
export const EDR_ASSESSMENT = '06e3a6db-6c0c-4ad9-943f-31d9d73ecf6c';

export type AssessmentStatus = 'Healthy' | 'Unhealthy' | 'NotApplicable';

export interface Assessment {
  readonly resource: Resource;
  readonly key: string;
  /** The recommendation's display name, or the key when the input leaves it out. */
  readonly name: string;
  readonly status: AssessmentStatus;
}

const STATUSES: ReadonlyMap<string, AssessmentStatus> = new Map(['Healthy', 'Unhealthy', 'NotApplicable'].map((s) => [s.toLowerCase(), s as AssessmentStatus]));

/** Defender for Cloud's assessment `key` of the resource with this id; undefined when the input holds none with a status. */
export function defenderAssessment(graph: ResourceGraph, resourceId: string, key: string): Assessment | undefined {
  return graph.derive(assessmentIndex).get(`${idKey(resourceId)}|${key.toLowerCase()}`);
}

function assessmentIndex(graph: ResourceGraph): Map<string, Assessment> {
  const index = new Map<string, Assessment>();
  for (const resource of graph.ofType(ASSESSMENT_TYPE)) {
    const code = get(resource, 'properties', 'status', 'code');
    const status = typeof code === 'string' ? STATUSES.get(code.toLowerCase()) : undefined;
    const target = assessedId(resource);
    if (status === undefined || target === undefined) continue;
    const displayName = get(resource, 'properties', 'displayName');
    const key = resource.name.toLowerCase();
    index.set(`${idKey(target)}|${key}`, { resource, key, name: typeof displayName === 'string' && displayName !== '' ? displayName : key, status });
  }
  return index;
}

/** The assessed resource: `properties.resourceDetails.Id` (Resource Graph writes `Id`), else the id the assessment extends. */
function assessedId(assessment: Resource): string | undefined {
  const details = get(assessment, 'properties', 'resourceDetails');
  if (isObject(details)) {
    for (const name of ['Id', 'ResourceId']) {
      const key = findKey(details, name);
      const id = key === undefined ? undefined : details[key];
      if (typeof id === 'string' && id.startsWith('/')) return id;
    }
  }
  const at = assessment.id.toLowerCase().lastIndexOf('/providers/microsoft.security/assessments/');
  return at > 0 ? assessment.id.slice(0, at) : undefined;
}
