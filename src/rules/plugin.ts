import * as fs from 'fs';
import { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, PolicyViolationBeta1 } from 'aws-cdk-lib';
import { RESILIENCE_RULES, assessTemplate } from './pack';

/** Options of {@link ResilienceChecks}. */
export interface ResilienceChecksProps {
  /**
   * Rule ids to leave out everywhere (prefer acknowledging per construct).
   * @default - every rule runs
   */
  readonly disabledRules?: string[];
}

/**
 * The resilience rule pack as an aws-cdk-lib validation plugin, registered like cdk-nag 3:
 * `Validations.of(app).addPlugins(new ResilienceChecks())`. A finding is acknowledged per
 * construct with `Validations.of(construct).acknowledge({ id: 'Resilience::HA-ASG2', reason })`.
 */
export class ResilienceChecks implements IPolicyValidationPluginBeta1 {
  /** The validation namespace of the pack's findings. */
  public readonly name = 'Resilience';
  /** The ids of the rules that run. */
  public readonly ruleIds?: string[];
  private readonly disabled: Set<string>;

  constructor(props: ResilienceChecksProps = {}) {
    this.disabled = new Set(props.disabledRules ?? []);
    this.ruleIds = RESILIENCE_RULES.map((r) => r.id).filter((id) => !this.disabled.has(id));
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const rules = RESILIENCE_RULES.filter((r) => !this.disabled.has(r.id));
    const byRule = new Map<string, PolicyViolationBeta1>();
    // The app's stacks are one app: what one leaves to another (a failover partner) is looked for there.
    const templates = context.templatePaths.map((p) => JSON.parse(fs.readFileSync(p, 'utf8')));
    for (const [i, templatePath] of context.templatePaths.entries()) {
      const template = templates[i];
      const peers = templates.filter((_, j) => j !== i);
      for (const v of assessTemplate(template, { rules, peers }).violations) {
        const found = byRule.get(v.ruleId) ?? {
          ruleName: v.ruleId,
          description: `[${v.level}] ${v.title}`,
          fix: v.fix,
          severity: v.level,
          violatingResources: [],
        };
        found.violatingResources.push({ resourceLogicalId: v.logicalId, templatePath, locations: [`Resources/${v.logicalId}: ${v.message}${v.when ? ` (${v.when})` : ''}`] });
        byRule.set(v.ruleId, found);
      }
    }
    // Warnings are reported; only errors fail synthesis.
    const violations = [...byRule.values()];
    return { success: !violations.some((v) => v.severity === 'error'), violations };
  }
}
