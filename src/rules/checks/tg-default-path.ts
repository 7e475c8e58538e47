/**
 * The rule HA-ELB2: target group health check on the default path '/'. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { TARGET_GROUP, bool, isPlaceholder, str } from './shared';

export const TG_DEFAULT_PATH: ResilienceRule = {
  id: 'HA-ELB2',
  level: RuleLevel.WARNING,
  title: "Target group health check on the default path '/'",
  why: "'/' answers while the app's dependencies are down; a deep health check takes a broken instance out of rotation.",
  fix: 'Point HealthCheckPath at an endpoint that checks what the instance needs to serve (e.g. /health).',
  resourceTypes: [TARGET_GROUP],
  check: (r, id, t) => {
    const p = r.Properties ?? {};
    const protocol = str(p.HealthCheckProtocol) ?? str(p.Protocol);
    if (!['HTTP', 'HTTPS', undefined].includes(protocol?.toUpperCase()) || str(p.TargetType) === 'lambda') return undefined;
    if (bool(p.HealthCheckEnabled) === false || isPlaceholder(id, r, t)) return undefined;
    const path = str(p.HealthCheckPath);
    return (path ?? '/') === '/' ? `HealthCheckPath is ${path ?? "'/' (the default)"}` : undefined;
  },
};
