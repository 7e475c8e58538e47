import { RuleLevel, ResilienceRule } from '../rule';
import { ECS_SERVICE } from './ecs-single-task';
import { NotJudged } from '../template';
import { bool, num, str } from './shared';

/** A service stopped on purpose (DesiredCount 0); a count known only at deploy is a running service. */
function stopped(count: unknown): boolean {
  try {
    return num(count) === 0;
  } catch (e) {
    if (e instanceof NotJudged) return false;
    throw e;
  }
}

export const ECS_NO_CIRCUIT_BREAKER: ResilienceRule = {
  id: 'HA-ECS2',
  level: RuleLevel.WARNING,
  title: 'ECS service whose failed deployments are neither stopped nor rolled back',
  why: 'Without the deployment circuit breaker, a deployment whose tasks never become healthy keeps launching them for hours, and going back to the last working version is manual.',
  fix: 'Set DeploymentConfiguration.DeploymentCircuitBreaker Enable and Rollback to true.',
  terraformFix: 'Add deployment_circuit_breaker { enable = true, rollback = true }.',
  resourceTypes: [ECS_SERVICE],
  check: (r) => {
    const p = r.Properties ?? {};
    // The circuit breaker applies to the rolling update (ECS) deployment controller only.
    const controller = str(p.DeploymentController?.Type) ?? 'ECS';
    if (controller !== 'ECS' || stopped(p.DesiredCount)) return undefined;
    const breaker = p.DeploymentConfiguration?.DeploymentCircuitBreaker;
    const enable = bool(breaker?.Enable) === true;
    const rollback = bool(breaker?.Rollback) === true;
    if (enable && rollback) return undefined;
    return enable ? 'the circuit breaker stops a failed deployment but does not roll it back' : 'the deployment circuit breaker is off';
  },
};
