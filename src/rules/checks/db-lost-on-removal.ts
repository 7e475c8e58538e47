/**
 * The rule HA-RDS4: Database without a snapshot (or retain) on delete and replace. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { SourceFormat } from '../template';
import { DB_CLUSTER, DB_INSTANCE, inCluster, isReadReplica, str } from './shared';

export const DB_LOST_ON_REMOVAL: ResilienceRule = {
  id: 'HA-RDS4',
  level: RuleLevel.ERROR,
  title: 'Database without a snapshot (or retain) on delete and replace',
  why: 'When CloudFormation (or Terraform) deletes or replaces the database, the data is gone with it.',
  fix: "Set DeletionPolicy and UpdateReplacePolicy to 'Snapshot' (or 'Retain').",
  terraformFix: 'Set skip_final_snapshot = false with a final_snapshot_identifier (and lifecycle prevent_destroy where it must stay).',
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  check: (r, _id, t) => {
    if (r.Type === DB_INSTANCE && (inCluster(r) || isReadReplica(r))) return undefined;
    // Terraform destroys (and replaces) with a final snapshot unless skip_final_snapshot is true.
    if (t.format === SourceFormat.TERRAFORM) return str(r.DeletionPolicy) === 'Delete' ? 'skip_final_snapshot is true' : undefined;
    const keeps = (p: string | undefined) => p === 'Snapshot' || p === 'Retain' || p === 'RetainExceptOnCreate';
    const deletion = str(r.DeletionPolicy);
    const replace = str(r.UpdateReplacePolicy);
    // CloudFormation snapshots RDS on delete by default, but deletes on replace.
    const problems = [
      ...(deletion === 'Delete' ? ["DeletionPolicy is 'Delete'"] : []),
      ...(!keeps(replace) ? [`UpdateReplacePolicy is ${replace === undefined ? "'Delete' (the default)" : `'${replace}'`}`] : []),
    ];
    return problems.length ? problems.join('; ') : undefined;
  },
};
