/**
 * The rule HA-EC2-1: EC2 instance serving on its own, outside any Auto Scaling group. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';

export const STANDALONE_INSTANCE: ResilienceRule = {
  id: 'HA-EC2-1',
  level: RuleLevel.WARNING,
  title: 'EC2 instance serving on its own, outside any Auto Scaling group',
  why: 'Nothing replaces it when it or its AZ fails; it is a single point of failure.',
  fix: 'Run it from a launch template in an Auto Scaling group over several AZs (a group of 1 at least replaces it).',
  resourceTypes: ['AWS::EC2::Instance'],
  check: () => 'a standalone instance',
};
