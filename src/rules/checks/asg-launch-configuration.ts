/**
 * The rule HA-ASG6: Auto Scaling group with a launch configuration. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { ASG } from './shared';

export const ASG_LAUNCH_CONFIGURATION: ResilienceRule = {
  id: 'HA-ASG6',
  level: RuleLevel.ERROR,
  title: 'Auto Scaling group with a launch configuration',
  why: 'Launch configurations are closed to new accounts and take neither several instance types nor new instance families.',
  fix: 'Use a launch template (LaunchTemplate or MixedInstancesPolicy).',
  resourceTypes: [ASG],
  check: (r) => (r.Properties?.LaunchConfigurationName !== undefined ? 'LaunchConfigurationName is set' : undefined),
};
