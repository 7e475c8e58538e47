import { RuleLevel, ResilienceRule } from '../rule';
import { NotJudged } from '../template';
import { ASG, groupAzs, list, num } from './shared';
import { isSelfStopping } from './shared-fleet';

export const ASG_MIN_BELOW_AZS: ResilienceRule = {
  id: 'HA-ASG3',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group minimum below one instance per Availability Zone',
  why: 'An AZ without an instance adds nothing; with fewer instances than AZs, one loss can leave too few to serve.',
  fix: 'Set MinSize to at least the number of AZs (a multiple of it keeps every AZ loss equal).',
  resourceTypes: [ASG],
  check: (r, id, t) => {
    const min = num(r.Properties?.MinSize);
    if (min === undefined || isSelfStopping(id, r, t)) return undefined;
    let azs: number;
    try {
      azs = groupAzs(r, t, true);
    } catch (e) {
      // Subnets whose AZs are not known: a minimum of 1 over several subnets is below one per AZ
      // whatever they are (in one AZ, HA-ASG1 says so).
      const subnets = new Set((list(r.Properties?.VPCZoneIdentifier) ?? []).map((s) => JSON.stringify(s)));
      if (e instanceof NotJudged && min <= 1 && subnets.size >= 2) return `MinSize ${min} over ${subnets.size} subnets`;
      throw e;
    }
    return min < azs ? `MinSize ${min} over ${azs} AZs` : undefined;
  },
};
