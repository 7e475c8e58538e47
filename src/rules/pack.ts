import * as alarms from './alarms';
import * as autoscaling from './autoscaling';
import * as database from './database';
import * as loadBalancing from './load-balancing';
import * as network from './network';
import * as other from './other';
import { ResilienceRule, ResilienceViolation } from './rule';
import { CfnTemplate, TemplateIndex } from './template';

/** Every rule of the pack, in the order the README lists them. */
export const RESILIENCE_RULES: ResilienceRule[] = [
  ...Object.values(autoscaling), ...Object.values(loadBalancing), ...Object.values(database),
  ...Object.values(network), ...Object.values(other), ...Object.values(alarms),
].filter((r): r is ResilienceRule => typeof r === 'object' && r !== null && 'check' in r);

/** Runs every rule over every resource it applies to. */
export function checkTemplate(template: CfnTemplate, rules: ResilienceRule[] = RESILIENCE_RULES): ResilienceViolation[] {
  const index = new TemplateIndex(template);
  const violations: ResilienceViolation[] = [];
  for (const rule of rules) {
    for (const type of rule.resourceTypes) {
      for (const [logicalId, resource] of index.ofType(type)) {
        const message = rule.check(resource, logicalId, index);
        if (message !== undefined) {
          violations.push({ ruleId: rule.id, level: rule.level, title: rule.title, fix: rule.fix, logicalId, resourceType: type, message });
        }
      }
    }
  }
  return violations;
}
