import { RuleLevel, ResilienceRule } from '../rule';
import { TARGET_GROUP, bool, isPlaceholder, num, str } from './shared';
import { hasSingleTarget } from './shared-fleet';

/** Above this, users see errors from a dead target for longer than a retry hides. */
export const MAX_DETECTION_SECONDS = 30;

export const TG_SLOW_DETECTION: ResilienceRule = {
  id: 'HA-ELB3',
  level: RuleLevel.WARNING,
  title: `Target group takes more than ${MAX_DETECTION_SECONDS} s to detect a dead target`,
  why: 'Until detection (interval x unhealthy threshold), the load balancer keeps sending requests to a dead instance.',
  fix: 'Lower HealthCheckIntervalSeconds (5-10 s) and UnhealthyThresholdCount (2-3).',
  resourceTypes: [TARGET_GROUP],
  check: (r, id, t) => {
    const p = r.Properties ?? {};
    if (bool(p.HealthCheckEnabled) === false || str(p.TargetType) === 'lambda' || isPlaceholder(id, r, t)) return undefined;
    // One target and no room for another: there is nowhere else to send its traffic.
    if (hasSingleTarget(id, r, t)) return undefined;
    const interval = num(p.HealthCheckIntervalSeconds) ?? 30;
    const threshold = num(p.UnhealthyThresholdCount) ?? 2;
    const seconds = interval * threshold;
    return seconds > MAX_DETECTION_SECONDS ? `${interval} s x ${threshold} = ${seconds} s` : undefined;
  },
};
