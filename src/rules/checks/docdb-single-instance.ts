/**
 * The rule HA-DOC1: DocumentDB cluster without a replica in another Availability Zone. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { members, spreadProblem } from './shared';

export const DOCDB_SINGLE_INSTANCE: ResilienceRule = {
  id: 'HA-DOC1',
  level: RuleLevel.ERROR,
  title: 'DocumentDB cluster without a replica in another Availability Zone',
  why: 'With the primary alone, its failure or its AZ takes the database offline until a new instance is created; a replica is promoted in about a minute.',
  fix: 'Add an AWS::DocDB::DBInstance to the cluster, in another AZ (or leave the AZ to DocumentDB).',
  terraformFix: 'Add an aws_docdb_cluster_instance to the cluster, in another AZ (or leave availability_zone unset).',
  resourceTypes: ['AWS::DocDB::DBCluster'],
  check: (_r, id, t) => spreadProblem(members(id, t, 'AWS::DocDB::DBInstance'), 'cluster'),
};
