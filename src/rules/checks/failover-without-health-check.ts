/**
 * The rule HA-R53-1: Route 53 primary failover record without a health check. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { RECORD_TYPES, failoverRecordsOf, hasHealthCheck } from './failover-records';

export const FAILOVER_WITHOUT_HEALTH_CHECK: ResilienceRule = {
  id: 'HA-R53-1',
  level: RuleLevel.ERROR,
  title: 'Route 53 primary failover record without a health check',
  why: 'Route 53 treats a primary record with no health check as always healthy: it never fails over to the secondary.',
  fix: 'Give the PRIMARY record a HealthCheckId, or make it an alias with AliasTarget.EvaluateTargetHealth true.',
  terraformFix: 'Give the PRIMARY aws_route53_record a health_check_id, or make it an alias with evaluate_target_health = true.',
  resourceTypes: RECORD_TYPES,
  check: (r, id) => {
    const blind = failoverRecordsOf(id, r).filter((x) => x.role === 'PRIMARY' && !hasHealthCheck(x.record));
    return blind.length ? `${blind.map((x) => `${x.name} ${x.type}`).join(', ')}: PRIMARY with no health check` : undefined;
  },
};
