/**
 * The rule HA-ASG7: Auto Scaling group update or maintenance policy that can drop below the healthy minimum. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { ASG, num } from './shared';

export const ASG_UNSAFE_REPLACEMENT: ResilienceRule = {
  id: 'HA-ASG7',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group update or maintenance policy that can drop below the healthy minimum',
  why: 'A deployment or a replacement that terminates before it launches leaves the fleet short exactly while it changes.',
  fix: 'Keep 100 % healthy: instance refresh MinHealthyPercentage 100 (MaxHealthyPercentage above 100), InstanceMaintenancePolicy MinHealthyPercentage 100, or a rolling update with MinInstancesInService at MinSize.',
  resourceTypes: [ASG],
  check: (r) => {
    const problems: string[] = [];
    const size = num(r.Properties?.DesiredCapacity) ?? num(r.Properties?.MinSize) ?? 0;
    const rolling = r.UpdatePolicy?.AutoScalingRollingUpdate;
    if (rolling && size > 0) {
      // CloudFormation replaces MaxBatchSize (default 1) instances at a time and keeps at least MinInstancesInService (default 0).
      const kept = Math.min(size, Math.max(num(rolling.MinInstancesInService) ?? 0, size - (num(rolling.MaxBatchSize) ?? 1)));
      if (kept < size) problems.push(`a rolling update keeps ${kept} of ${size} instances in service`);
    }
    const refresh = r.UpdatePolicy?.AutoScalingInstanceRefresh;
    if (refresh) {
      const min = num(refresh.Preferences?.MinHealthyPercentage) ?? 90;
      if (min < 100) problems.push(`an instance refresh keeps ${min} % healthy`);
    }
    const maintenance = num(r.Properties?.InstanceMaintenancePolicy?.MinHealthyPercentage);
    if (maintenance !== undefined && maintenance < 100) problems.push(`instance maintenance keeps ${maintenance} % healthy`);
    return problems.length ? problems.join('; ') : undefined;
  },
};
