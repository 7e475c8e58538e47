import { CfnResourceJson, TemplateIndex } from './template';

/** How bad a finding is. */
export enum RuleLevel {
  /** A single point of failure or a recovery that cannot happen: fix before relying on the stack. */
  ERROR = 'error',
  /** Slower recovery or less headroom than a resilient stack has. */
  WARNING = 'warning',
}

/** One resilience rule: a pure check of one resource, with the template at hand for references. */
export interface ResilienceRule {
  /** Stable id, e.g. HA-ASG1. */
  readonly id: string;
  readonly level: RuleLevel;
  /** One line: what is wrong. */
  readonly title: string;
  /** Why it matters for availability. */
  readonly why: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resource types it checks. */
  readonly resourceTypes: string[];
  /** A message when the resource breaks the rule, else undefined. */
  readonly check: (resource: CfnResourceJson, logicalId: string, template: TemplateIndex) => string | undefined;
}

/** A rule broken by one resource. */
export interface ResilienceViolation {
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly title: string;
  readonly fix: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** What exactly is wrong with this resource. */
  readonly message: string;
}
