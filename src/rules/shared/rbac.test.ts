import { describe, expect, it } from 'vitest';
import { ROLES, roleAssignment, snapshotOf, SUB } from '../../../test/support/snapshot-snippets.js';
import { readSnapshotValue } from '../../inputs/snapshot/read.js';
import { ResourceGraph } from '../../model/graph.js';
import { isUnknown } from '../../model/value.js';
import { assignmentsCovering, roleAssignments, scopeCovers } from './rbac.js';

describe('assignmentsCovering', () => {
  it('gives the assignments whose scope may cover a resource, in input order, as scopeCovers finds them one by one', () => {
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-app`;
    const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/vm-1`;
    const resources = [
      roleAssignment(vm, ROLES.owner, 'u1'),
      roleAssignment(`/subscriptions/${SUB}/resourceGroups/rg-app-2`, ROLES.owner, 'u2'),
      roleAssignment('/providers/Microsoft.Management/managementGroups/mg-1', ROLES.owner, 'u3'),
      roleAssignment(`/subscriptions/${SUB}`, ROLES.contributor, 'u4'),
      roleAssignment(`${rg}/providers/Microsoft.Compute/virtualMachines/vm-10`, ROLES.owner, 'u5'),
      roleAssignment('/', ROLES.owner, 'u6'),
      roleAssignment(rg, ROLES.owner, 'u7'),
    ];
    const graph = new ResourceGraph(readSnapshotValue(snapshotOf({ resources }), 'snapshot.json').resources);
    const target = vm.toLowerCase();
    const covering = assignmentsCovering(graph, target).map((a) => a.principalId);
    expect(covering).toEqual(['u1', 'u3', 'u4', 'u6', 'u7']);
    const oneByOne = roleAssignments(graph).filter((a) => !isUnknown(a.scope) && scopeCovers(a.scope, target));
    expect(covering).toEqual(oneByOne.map((a) => a.principalId));
  });
});
