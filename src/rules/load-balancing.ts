import { ResilienceRule, RuleLevel } from './rule';
import { CfnResourceJson, num } from './template';

const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const TG = 'AWS::ElasticLoadBalancingV2::TargetGroup';
/** Above this, users see errors from a dead target for longer than a retry hides. */
export const MAX_DETECTION_SECONDS = 30;

const httpTargets = (tg: CfnResourceJson) => ['HTTP', 'HTTPS', undefined].includes(tg.Properties?.Protocol) && tg.Properties?.TargetType !== 'lambda';
const attribute = (tg: CfnResourceJson, key: string) =>
  (tg.Properties?.TargetGroupAttributes as Array<{ Key: string; Value: unknown }> | undefined)?.find((a) => a.Key === key)?.Value;

export const LB_SINGLE_AZ: ResilienceRule = {
  id: 'HA-ELB1',
  level: RuleLevel.ERROR,
  title: 'Load balancer in fewer than 2 Availability Zones',
  why: 'A load balancer in one AZ goes down with it, whatever the fleet behind it does.',
  fix: 'Give the load balancer subnets in at least 2 AZs (one per AZ of the fleet).',
  resourceTypes: [LB],
  check: (r, _id, t) => {
    const p = r.Properties ?? {};
    const subnets = p.Subnets ?? (Array.isArray(p.SubnetMappings) ? p.SubnetMappings.map((m: any) => m.SubnetId) : undefined);
    const azs = t.subnetAzs(subnets);
    return azs !== undefined && azs.size < 2 ? `the load balancer is in ${azs.size} AZ` : undefined;
  },
};

export const TG_DEFAULT_PATH: ResilienceRule = {
  id: 'HA-ELB2',
  level: RuleLevel.WARNING,
  title: "Target group health check on the default path '/'",
  why: "'/' answers while the app's dependencies are down; a deep health check takes a broken instance out of rotation.",
  fix: 'Point HealthCheckPath at an endpoint that checks what the instance needs to serve (e.g. /health).',
  resourceTypes: [TG],
  check: (r) => (httpTargets(r) && (r.Properties?.HealthCheckPath ?? '/') === '/' ? `HealthCheckPath is ${r.Properties?.HealthCheckPath ?? "'/' (default)"}` : undefined),
};

export const TG_SLOW_DETECTION: ResilienceRule = {
  id: 'HA-ELB3',
  level: RuleLevel.WARNING,
  title: `Target group takes more than ${MAX_DETECTION_SECONDS} s to detect a dead target`,
  why: 'Until detection (interval x unhealthy threshold), the load balancer keeps sending requests to a dead instance.',
  fix: 'Lower HealthCheckIntervalSeconds (5-10 s) and UnhealthyThresholdCount (2-3).',
  resourceTypes: [TG],
  check: (r) => {
    if (r.Properties?.HealthCheckEnabled === false || r.Properties?.TargetType === 'lambda') return undefined;
    const interval = num(r.Properties?.HealthCheckIntervalSeconds) ?? 30;
    const threshold = num(r.Properties?.UnhealthyThresholdCount) ?? 2;
    const seconds = interval * threshold;
    return seconds > MAX_DETECTION_SECONDS ? `${interval} s x ${threshold} = ${seconds} s` : undefined;
  },
};

export const TG_DEFAULT_DEREGISTRATION: ResilienceRule = {
  id: 'HA-ELB4',
  level: RuleLevel.WARNING,
  title: 'Target group deregistration delay left at the 300 s default',
  why: 'Every replacement and rollout waits 5 minutes per instance for requests that finish in seconds.',
  fix: "Set the target group attribute 'deregistration_delay.timeout_seconds' to the longest request you serve (e.g. 30).",
  resourceTypes: [TG],
  check: (r) => {
    const value = attribute(r, 'deregistration_delay.timeout_seconds');
    return value === undefined || num(value) === 300 ? 'deregistration_delay.timeout_seconds is 300' : undefined;
  },
};
