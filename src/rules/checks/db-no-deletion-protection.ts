/**
 * The rule HA-RDS3: Database without deletion protection. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { DB_CLUSTER, DB_INSTANCE, bool, inCluster, isReadReplica } from './shared';

export const DB_NO_DELETION_PROTECTION: ResilienceRule = {
  id: 'HA-RDS3',
  level: RuleLevel.WARNING,
  title: 'Database without deletion protection',
  why: 'A mistaken stack deletion or replacement removes the database in minutes.',
  fix: 'Set DeletionProtection to true.',
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  check: (r) => {
    if (r.Type === DB_INSTANCE && (inCluster(r) || isReadReplica(r))) return undefined;
    const on = bool(r.Properties?.DeletionProtection);
    return on !== true ? `DeletionProtection is ${on === false ? 'false' : 'not set'}` : undefined;
  },
};
