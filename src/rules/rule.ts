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
  /** How to fix it, in CloudFormation's names. */
  readonly fix: string;
  /** How to fix it, in the Terraform AWS provider's names, where more than the names differ. */
  readonly terraformFix?: string;
  /** The resource types it checks. */
  readonly resourceTypes: string[];
  /**
   * Whether the check reads the template's CloudWatch alarms: only then can a condition that only
   * alarms use explain when its finding holds.
   */
  readonly readsAlarms?: boolean;
  /**
   * A message when the resource breaks the rule, else undefined. Reads values through `num`,
   * `bool`, `str`, `list` and the index's lookups, which throw `NotJudged` on a value known only
   * at deploy time: the finding is then not judged.
   */
  readonly check: (resource: CfnResourceJson, logicalId: string, template: TemplateIndex) => string | undefined;
}

/** A rule broken by one resource. */
export interface ResilienceViolation {
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
  /** The logical id (CloudFormation) or the address (Terraform) of the resource. */
  readonly logicalId: string;
  readonly resourceType: string;
  /** What exactly is wrong with this resource. */
  readonly message: string;
  /**
   * When the finding depends on parameter values or conditions: which ones
   * (e.g. "when IsProd is false", "with the default DBMultiAZ (false)").
   */
  readonly when?: string;
}

/** Checks left unjudged for one reason (a value known only at deploy time), said once per template. */
export interface NotJudgedNote {
  readonly reason: string;
  /** How many checks (rule x resource) it left out. */
  readonly checks: number;
  /** The resources concerned. */
  readonly resources: string[];
}
