/**
 * Renders the web firewall tier: the WAF web ACL, its association and its log group (aws-cdk-lib).
 */
import { ArnFormat, Aws, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { WebFirewallPlan } from '../../core/tiers/web-firewall';
import { logsKey } from '../private/keys';

export interface WebFirewall {
  /** The service's web ACL (undefined with the user's). */
  readonly webAcl?: wafv2.CfnWebACL;
  /** The ARN of the web ACL in front of the load balancer. */
  readonly webAclArn: string;
  readonly logGroup?: logs.LogGroup;
}

/** The web ACL of the plan (or the user's) associated with the load balancer, logging to an encrypted log group. */
export function createWebFirewall(scope: Construct, plan: WebFirewallPlan, loadBalancer: elbv2.ApplicationLoadBalancer): WebFirewall {
  let webAcl: wafv2.CfnWebACL | undefined;
  let logGroup: logs.LogGroup | undefined;
  let webAclArn = plan.existingWebAclArn;
  const acl = plan.webAcl;
  if (acl) {
    const visibility = (metricName: string) => ({ metricName, cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true });
    webAcl = new wafv2.CfnWebACL(scope, 'WebAcl', {
      name: acl.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(acl.name),
      rules: [
        ...acl.managedRuleGroups.map((group) => ({
          name: group.name,
          priority: group.priority,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: group.vendorName, name: group.name } },
          visibilityConfig: visibility(group.name),
        })),
        {
          name: acl.rateLimitRuleName,
          priority: acl.rateLimitPriority,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: acl.rateLimit, evaluationWindowSec: acl.rateLimitWindowSeconds, aggregateKeyType: acl.rateLimitAggregateKey,
            },
          },
          visibilityConfig: visibility(acl.rateLimitRuleName),
        },
      ],
    });
    webAclArn = webAcl.attrArn;
    logGroup = new logs.LogGroup(scope, 'WebAclLogs', {
      // The plan's prefix and the first 8 hex digits of the stack's id, new at each creation of the
      // stack (arn:...:stack/<name>/<uuid>): a kept group never takes the name of the next one.
      logGroupName: `${acl.logGroupNamePrefix}${Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))))}`,
      retention: acl.logRetentionDays as logs.RetentionDays,
      removalPolicy: acl.logRetained ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      encryptionKey: logsKey(scope, 'WebAclLogsKey', 'Encrypts the logs of the service\'s web ACL'),
    });
    // WAF wants the log group's ARN without the `:*` its Arn attribute ends with.
    const logGroupArn = Stack.of(scope).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    new wafv2.CfnLoggingConfiguration(scope, 'WebAclLogging', { resourceArn: webAcl.attrArn, logDestinationConfigs: [logGroupArn] });
  }
  new wafv2.CfnWebACLAssociation(scope, 'WebAclAssociation', { resourceArn: loadBalancer.loadBalancerArn, webAclArn: webAclArn! });
  return { webAcl, webAclArn: webAclArn!, logGroup };
}
