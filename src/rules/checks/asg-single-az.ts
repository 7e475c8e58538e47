import { RuleLevel, ResilienceRule } from '../rule';
import { ASG, groupAzs } from './shared';
import { isSelfStopping } from './shared-fleet';

export const ASG_SINGLE_AZ: ResilienceRule = {
  id: 'HA-ASG1',
  level: RuleLevel.ERROR,
  title: 'Auto Scaling group in fewer than 2 Availability Zones',
  why: 'Losing that one AZ takes the whole fleet with it.',
  fix: 'Give the group subnets (VPCZoneIdentifier) in at least 2 AZs, 3 for the best capacity after a loss.',
  resourceTypes: [ASG],
  check: (r, id, t) => {
    if (isSelfStopping(id, r, t)) return undefined;
    const azs = groupAzs(r, t);
    return azs < 2 ? `the group spans ${azs} AZ` : undefined;
  },
};
