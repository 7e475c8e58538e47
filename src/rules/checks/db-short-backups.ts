/**
 * The rule HA-RDS2: database backups kept under 7 days. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { DB_CLUSTER, DB_INSTANCE, inCluster, isReadReplica, num } from './shared';

export const MIN_BACKUP_DAYS = 7;

export const DB_SHORT_BACKUPS: ResilienceRule = {
  id: 'HA-RDS2',
  level: RuleLevel.WARNING,
  title: `Database backups kept under ${MIN_BACKUP_DAYS} days`,
  why: 'Corruption or a bad migration is often found days later; without the backups of that day, the data cannot be restored.',
  fix: `Set BackupRetentionPeriod to ${MIN_BACKUP_DAYS} or more.`,
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  check: (r) => {
    if (r.Type === DB_INSTANCE && (inCluster(r) || isReadReplica(r))) return undefined;
    const set = num(r.Properties?.BackupRetentionPeriod);
    const days = set ?? 1;
    return days < MIN_BACKUP_DAYS ? `BackupRetentionPeriod is ${days}${set === undefined ? ' (the default)' : ''}` : undefined;
  },
};
