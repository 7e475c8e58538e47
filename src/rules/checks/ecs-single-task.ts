import { RuleLevel, ResilienceRule } from '../rule';
import { azName } from '../template';
import { num, str } from './shared';

export const ECS_SERVICE = 'AWS::ECS::Service';

export const ECS_SINGLE_TASK: ResilienceRule = {
  id: 'HA-ECS1',
  level: RuleLevel.ERROR,
  title: 'ECS service running one task, or its tasks in one Availability Zone',
  why: 'One task is a single point of failure: when it or its AZ fails, the service is down until a new task starts. Tasks spread only over the AZs of their subnets.',
  fix: 'Set DesiredCount to 2 or more and give AwsvpcConfiguration.Subnets subnets in at least 2 AZs.',
  terraformFix: 'Set desired_count to 2 or more and give network_configuration.subnets subnets in at least 2 AZs.',
  resourceTypes: [ECS_SERVICE],
  check: (r, _id, t) => {
    const p = r.Properties ?? {};
    // A daemon service runs a task on each instance: its spread is the cluster's.
    if (str(p.SchedulingStrategy) === 'DAEMON') return undefined;
    // CloudFormation starts 1 task without DesiredCount; 0 is a service stopped on purpose.
    const count = num(p.DesiredCount) ?? 1;
    if (count === 0) return undefined;
    if (count === 1) return 'DesiredCount is 1: one task serves';
    const subnets = p.NetworkConfiguration?.AwsvpcConfiguration?.Subnets;
    if (subnets === undefined) return undefined;
    const azs = [...t.subnetAzs(subnets)];
    return azs.length === 1 ? `its ${count} tasks are all in ${azName(azs[0])}` : undefined;
  },
};
