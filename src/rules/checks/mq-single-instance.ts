/**
 * The rule HA-MQ1: Amazon MQ broker on a single instance. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { str } from './shared';

export const MQ_SINGLE_INSTANCE: ResilienceRule = {
  id: 'HA-MQ1',
  level: RuleLevel.ERROR,
  title: 'Amazon MQ broker on a single instance',
  why: 'A single-instance broker lives in one AZ: when it or its AZ fails, producers and consumers stop until it is back.',
  fix: "Set DeploymentMode to 'ACTIVE_STANDBY_MULTI_AZ' (ActiveMQ) or 'CLUSTER_MULTI_AZ' (RabbitMQ).",
  terraformFix: 'Set deployment_mode = "ACTIVE_STANDBY_MULTI_AZ" (ActiveMQ) or "CLUSTER_MULTI_AZ" (RabbitMQ).',
  resourceTypes: ['AWS::AmazonMQ::Broker'],
  check: (r) => (str(r.Properties?.DeploymentMode) === 'SINGLE_INSTANCE' ? 'DeploymentMode is SINGLE_INSTANCE' : undefined),
};
