/**
 * The rule HA-NEP1: Neptune cluster without a replica in another Availability Zone. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { members, spreadProblem } from './shared';

export const NEPTUNE_SINGLE_INSTANCE: ResilienceRule = {
  id: 'HA-NEP1',
  level: RuleLevel.ERROR,
  title: 'Neptune cluster without a replica in another Availability Zone',
  why: 'With the primary alone, its failure or its AZ takes the graph offline until a new instance is created; a replica is promoted in about a minute.',
  fix: 'Add an AWS::Neptune::DBInstance to the cluster, in another AZ (or leave the AZ to Neptune).',
  terraformFix: 'Add an aws_neptune_cluster_instance to the cluster, in another AZ (or leave availability_zone unset).',
  resourceTypes: ['AWS::Neptune::DBCluster'],
  check: (_r, id, t) => spreadProblem(members(id, t, 'AWS::Neptune::DBInstance'), 'cluster'),
};
