/**
 * The rule HA-DDB1: DynamoDB table without point-in-time recovery. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { describe } from '../template';
import { bool, list } from './shared';

export const DYNAMODB_NO_PITR: ResilienceRule = {
  id: 'HA-DDB1',
  level: RuleLevel.WARNING,
  title: 'DynamoDB table without point-in-time recovery',
  why: 'A bad write or delete cannot be undone: there is no state of the table to restore from.',
  fix: 'Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled to true.',
  terraformFix: 'Add point_in_time_recovery { enabled = true }.',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  check: (r) => {
    const p = r.Properties ?? {};
    const on = (spec: any) => bool(spec?.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled) === true;
    if (r.Type === 'AWS::DynamoDB::Table') return on(p) ? undefined : 'point-in-time recovery is off';
    // A global table sets it per replica, or for every replica in its write settings.
    const replicas = list(p.Replicas) ?? [];
    const off = replicas.filter((x: any) => !on(x) && !on(p)).map((x: any) => describe(x?.Region));
    return off.length ? `point-in-time recovery is off in ${off.join(', ')}` : undefined;
  },
};
