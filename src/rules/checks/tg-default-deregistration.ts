import { RuleLevel, ResilienceRule } from '../rule';
import { TARGET_GROUP, isPlaceholder, list, num, str } from './shared';
import { isFixedIpTarget } from './shared-fleet';

export const TG_DEFAULT_DEREGISTRATION: ResilienceRule = {
  id: 'HA-ELB4',
  level: RuleLevel.WARNING,
  title: 'Target group deregistration delay left at the 300 s default',
  why: 'Every replacement and rollout waits 5 minutes per instance for requests that finish in seconds.',
  fix: "Set the target group attribute 'deregistration_delay.timeout_seconds' to the longest request you serve (e.g. 30).",
  terraformFix: 'Set deregistration_delay to the longest request you serve (e.g. "30").',
  resourceTypes: [TARGET_GROUP],
  check: (r, id, t) => {
    if (str(r.Properties?.TargetType) === 'lambda' || isPlaceholder(id, r, t)) return undefined;
    // A Network Load Balancer's one fixed IP is never replaced by a rollout: the delay slows nothing.
    if (isFixedIpTarget(r)) return undefined;
    const attributes = list(r.Properties?.TargetGroupAttributes) ?? [];
    const entry = attributes.find((a: any) => str(a?.Key) === 'deregistration_delay.timeout_seconds') as any;
    const seconds = entry === undefined ? 300 : num(entry.Value);
    return seconds === 300 ? `deregistration_delay.timeout_seconds is 300${entry === undefined ? ' (the default)' : ''}` : undefined;
  },
};
