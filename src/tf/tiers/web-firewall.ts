/**
 * Renders the web firewall tier as Terraform resources (WAF web ACL, association, log group).
 */
import { Construct } from 'constructs';
import { cloudWatchLogsUse } from '../../core/tiers/keys';
import { WebFirewallPlan } from '../../core/tiers/web-firewall';
import { TfContext, retainKey, serviceKey } from '../context';
import { AwsResource } from '../private/resource';

/** CloudWatch metrics and sampled requests of the ACL or one rule. */
interface VisibilityConfig {
  readonly metric_name: string;
  readonly cloudwatch_metrics_enabled: boolean;
  readonly sampled_requests_enabled: boolean;
}

/**
 * The statements the service writes. The offline schema check cannot see inside `statement` (the
 * bindings type it as JSON), so its shape is typed here as the provider's blocks nest it.
 */
type Statement =
  | { readonly managed_rule_group_statement: { readonly name: string; readonly vendor_name: string } }
  | { readonly rate_based_statement: { readonly limit: number; readonly evaluation_window_sec: number; readonly aggregate_key_type: string } };

interface WebAclRule {
  readonly name: string;
  readonly priority: number;
  /** Rule groups take an override action, plain rules an action: never both. */
  readonly override_action?: { readonly none: {} };
  readonly action?: { readonly block: {} };
  readonly statement: Statement;
  readonly visibility_config: VisibilityConfig;
}

export interface WebAclArgs {
  readonly name: string;
  readonly scope: 'REGIONAL';
  readonly default_action: { readonly allow: {} };
  readonly rule: WebAclRule[];
  readonly visibility_config: VisibilityConfig;
}
export interface WebAclAssociationArgs { readonly resource_arn: string; readonly web_acl_arn: string }
export interface WebAclLoggingArgs { readonly resource_arn: string; readonly log_destination_configs: string[] }
/** A log group named from a prefix WAF accepts (`aws-waf-logs-`) and the provider's unique suffix. */
export interface NamedLogGroupArgs {
  readonly name_prefix: string; readonly retention_in_days: number; readonly kms_key_id: string; readonly skip_destroy: boolean;
}

export interface TfWebFirewall {
  /** The ARN of the web ACL in front of the load balancer: the service's, or the user's. */
  readonly webAclArn: string;
  /** The service's web ACL's name, its metrics' `WebACL` dimension (undefined with the user's). */
  readonly webAclName?: string;
}

/**
 * The web ACL of the plan (or the user's) associated with the load balancer, logging to a
 * retained log group encrypted with a key of its own: the same ACL, rules and logging as the
 * CloudFormation flavor's.
 */
export function renderWebFirewall(
  scope: Construct, plan: WebFirewallPlan, c: TfContext & { readonly loadBalancerArn: string },
): TfWebFirewall {
  const acl = plan.webAcl;
  let webAclArn = plan.existingWebAclArn;
  if (acl) {
    const visibility = (name: string): VisibilityConfig => ({ metric_name: name, cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    const webAcl = new AwsResource<WebAclArgs>(scope, 'WebAcl', 'aws_wafv2_web_acl', {
      name: acl.name,
      scope: 'REGIONAL',
      default_action: { allow: {} },
      rule: [
        ...acl.managedRuleGroups.map((group) => ({
          name: group.name,
          priority: group.priority,
          override_action: { none: {} },
          statement: { managed_rule_group_statement: { name: group.name, vendor_name: group.vendorName } },
          visibility_config: visibility(group.name),
        })),
        {
          name: acl.rateLimitRuleName,
          priority: acl.rateLimitPriority,
          action: { block: {} },
          statement: {
            rate_based_statement: {
              limit: acl.rateLimit, evaluation_window_sec: acl.rateLimitWindowSeconds, aggregate_key_type: acl.rateLimitAggregateKey,
            },
          },
          visibility_config: visibility(acl.rateLimitRuleName),
        },
      ],
      visibility_config: visibility(acl.name),
    });
    webAclArn = webAcl.attr('arn');
    const key = serviceKey(scope, 'WebAclLogsKey', 'Encrypts the logs of the service\'s web ACL', c, [cloudWatchLogsUse(c)]);
    if (acl.logRetained) retainKey(key);
    const logGroup = new AwsResource<NamedLogGroupArgs>(scope, 'WebAclLogs', 'aws_cloudwatch_log_group', {
      name_prefix: acl.logGroupNamePrefix,
      retention_in_days: acl.logRetentionDays,
      kms_key_id: key.attr('arn'),
      // Terraform's counterpart of a retained resource: destroy forgets it, the logs stay.
      skip_destroy: acl.logRetained,
    });
    // The provider's log group ARN has no `:*`, as WAF wants it.
    new AwsResource<WebAclLoggingArgs>(scope, 'WebAclLogging', 'aws_wafv2_web_acl_logging_configuration', {
      resource_arn: webAclArn, log_destination_configs: [logGroup.attr('arn')],
    });
  }
  if (webAclArn === undefined) throw new Error('the web firewall plan has neither a web ACL nor the user\'s ARN');
  new AwsResource<WebAclAssociationArgs>(scope, 'WebAclAssociation', 'aws_wafv2_web_acl_association', { resource_arn: c.loadBalancerArn, web_acl_arn: webAclArn });
  return { webAclArn, webAclName: acl?.name };
}
