import { RuleLevel, ResilienceRule } from '../rule';
import { ASG, groupAzs } from './shared';
import { isSelfStopping } from './shared-fleet';

export const ASG_TWO_AZS: ResilienceRule = {
  id: 'HA-ASG2',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group in only 2 Availability Zones',
  why: 'After losing one of 2 AZs, half the fleet is gone; surviving it needs twice the capacity a single AZ would (1.5x with 3 AZs).',
  fix: 'Spread the group over 3 AZs.',
  resourceTypes: [ASG],
  check: (r, id, t) => (!isSelfStopping(id, r, t) && groupAzs(r, t, true) === 2 ? 'the group spans 2 AZs' : undefined),
};
