import { ResilienceRule, RuleLevel } from './rule';
import { CfnResourceJson, TemplateIndex, num, referencedId } from './template';

const INSTANCE = 'AWS::RDS::DBInstance';
const CLUSTER = 'AWS::RDS::DBCluster';
export const MIN_BACKUP_DAYS = 7;

const inCluster = (r: CfnResourceJson) => r.Properties?.DBClusterIdentifier !== undefined;
/** The DB instances of a cluster in this template. */
const members = (clusterId: string, t: TemplateIndex) =>
  t.ofType(INSTANCE).filter(([, i]) => referencedId(i.Properties?.DBClusterIdentifier) === clusterId);

export const DB_SINGLE_AZ: ResilienceRule = {
  id: 'HA-RDS1',
  level: RuleLevel.ERROR,
  title: 'Database that is neither Multi-AZ nor an Aurora cluster with a reader in another AZ',
  why: 'The writer is a single point of failure: replacing it takes about 10 minutes, losing its AZ takes the data offline.',
  fix: 'Set MultiAZ on the DB instance, or add an Aurora reader in another AZ (promotion tier 0-1).',
  resourceTypes: [INSTANCE, CLUSTER],
  check: (r, id, t) => {
    if (r.Type === INSTANCE) return !inCluster(r) && r.Properties?.MultiAZ !== true ? 'MultiAZ is not set' : undefined;
    if (r.Properties?.DBClusterInstanceClass !== undefined) return undefined; // a Multi-AZ DB cluster: three AZs by design
    const instances = members(id, t);
    if (instances.length < 2) return `the cluster has ${instances.length} instance(s)`;
    const azs = instances.map(([, i]) => i.Properties?.AvailabilityZone);
    // RDS spreads instances without a pinned AZ; pinned ones must differ.
    if (azs.every((az) => az !== undefined) && new Set(azs.map((az) => JSON.stringify(az))).size < 2) return 'every instance is pinned to the same AZ';
    return undefined;
  },
};

export const DB_SHORT_BACKUPS: ResilienceRule = {
  id: 'HA-RDS2',
  level: RuleLevel.WARNING,
  title: `Database backups kept under ${MIN_BACKUP_DAYS} days`,
  why: 'Corruption or a bad migration is often found days later; without the backups of that day, the data cannot be restored.',
  fix: `Set BackupRetentionPeriod to ${MIN_BACKUP_DAYS} or more.`,
  resourceTypes: [INSTANCE, CLUSTER],
  check: (r) => {
    if (r.Type === INSTANCE && inCluster(r)) return undefined;
    const days = num(r.Properties?.BackupRetentionPeriod) ?? 1;
    return days < MIN_BACKUP_DAYS ? `BackupRetentionPeriod is ${days}` : undefined;
  },
};

export const DB_NO_DELETION_PROTECTION: ResilienceRule = {
  id: 'HA-RDS3',
  level: RuleLevel.WARNING,
  title: 'Database without deletion protection',
  why: 'A mistaken stack deletion or replacement removes the database in minutes.',
  fix: 'Set DeletionProtection to true.',
  resourceTypes: [INSTANCE, CLUSTER],
  check: (r) => (r.Type === INSTANCE && inCluster(r) ? undefined : r.Properties?.DeletionProtection !== true ? 'DeletionProtection is not set' : undefined),
};

export const DB_LOST_ON_REMOVAL: ResilienceRule = {
  id: 'HA-RDS4',
  level: RuleLevel.ERROR,
  title: 'Database without a snapshot (or retain) on delete and replace',
  why: 'When CloudFormation deletes or replaces the resource, the data is gone with it.',
  fix: "Set DeletionPolicy and UpdateReplacePolicy to 'Snapshot' (or 'Retain').",
  resourceTypes: [INSTANCE, CLUSTER],
  check: (r) => {
    if (r.Type === INSTANCE && inCluster(r)) return undefined;
    const keeps = (p: string | undefined) => p === 'Snapshot' || p === 'Retain';
    // CloudFormation snapshots RDS on delete by default, but deletes on replace.
    const problems = [
      ...(r.DeletionPolicy === 'Delete' ? ["DeletionPolicy is 'Delete'"] : []),
      ...(!keeps(r.UpdateReplacePolicy) ? [`UpdateReplacePolicy is ${r.UpdateReplacePolicy ?? "'Delete' (default)"}`] : []),
    ];
    return problems.length ? problems.join('; ') : undefined;
  },
};
