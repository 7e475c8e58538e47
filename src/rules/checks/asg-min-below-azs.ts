import { RuleLevel, ResilienceRule } from '../rule';
import { ASG, groupAzs, num } from './shared';

export const ASG_MIN_BELOW_AZS: ResilienceRule = {
  id: 'HA-ASG3',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group minimum below one instance per Availability Zone',
  why: 'An AZ without an instance adds nothing; with fewer instances than AZs, one loss can leave too few to serve.',
  fix: 'Set MinSize to at least the number of AZs (a multiple of it keeps every AZ loss equal).',
  resourceTypes: [ASG],
  check: (r, _id, t) => {
    const min = num(r.Properties?.MinSize);
    if (min === undefined) return undefined;
    const azs = groupAzs(r, t, true);
    return min < azs ? `MinSize ${min} over ${azs} AZs` : undefined;
  },
};
