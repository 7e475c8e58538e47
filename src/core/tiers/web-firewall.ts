/**
 * The web firewall tier: the WAF web ACL's managed rule groups, rate limit and logging, with its alarms.
 */
import { AlarmSpec, Comparison, MetricSource, MissingData } from './alarms';
import { LoadBalancingPlan } from './load-balancing';
import { GraphSpec } from './monitoring';
import { DEFAULTS, LIMITS } from '../base/defaults';
import { shortName } from '../base/naming';
import { Validator } from '../base/validation';
import { ServiceOptions } from '../options/options';

/** An AWS managed rule group of the web ACL. */
export interface ManagedRuleGroupPlan {
  readonly name: string;
  readonly vendorName: 'AWS';
  readonly priority: number;
}

/** The web ACL in front of the load balancer: the service's own, or the user's. */
export interface WebFirewallPlan {
  /** The user's web ACL to associate instead of creating one. */
  readonly existingWebAclArn?: string;
  /** The web ACL the service creates (undefined with the user's). */
  readonly webAcl?: {
    /** Name and CloudWatch metric name: unique per service and account, at most WAF's 128 characters. */
    readonly name: string;
    readonly managedRuleGroups: ManagedRuleGroupPlan[];
    /** Requests one client IP may send per window before it is blocked. */
    readonly rateLimit: number;
    readonly rateLimitWindowSeconds: number;
    readonly rateLimitPriority: number;
    /** The rate rule's name and metric name. */
    readonly rateLimitRuleName: string;
    /** What the rate limit counts per: each client IP. */
    readonly rateLimitAggregateKey: 'IP';
    /**
     * The start of the log group's name (WAF needs the `aws-waf-logs-` prefix). The log group
     * outlives the service (`logRetained`), so its name ends with a part that is new at each
     * creation: the stack's id (CloudFormation), the provider's unique suffix (a Terraform
     * `name_prefix`). A fixed name would still be taken by the kept group when the service is
     * created again with the same ids (CloudWatch Logs CreateLogGroup: ResourceAlreadyExistsException).
     */
    readonly logGroupNamePrefix: string;
    readonly logRetentionDays: number;
    /** The log group outlives the service, with its key: its logs are evidence after an incident. */
    readonly logRetained: boolean;
  };
  readonly alarms: AlarmSpec[];
  readonly dashboardRow: GraphSpec[];
}

/** WAFv2 names: 1-128 of `A-Za-z0-9_-`. */
export const WEB_ACL_NAME_MAX_LENGTH = 128;

const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]{1,128}\/[a-f0-9-]{36}$/;

/**
 * A web ACL by default in front of an internet-facing load balancer: AWS's common, known-bad-input
 * and IP-reputation rule groups and a per-IP rate limit, logged, with an alarm on a spike of blocks.
 * `webAcl: false` leaves it out; `webAclArn` associates the user's own instead.
 */
export function planWebFirewall(o: ServiceOptions, lb: LoadBalancingPlan, namePrefix: string, v: Validator): WebFirewallPlan | undefined {
  const arn = o.webAclArn;
  if (o.webAcl === false) {
    v.check(arn === undefined && o.webAclRateLimit === undefined,
      'webAclArn and webAclRateLimit configure the web ACL; received them with webAcl: false');
    return undefined;
  }
  if (arn !== undefined) {
    if (v.known(arn)) {
      v.check(WEB_ACL_ARN.test(arn), `webAclArn must be the ARN of a regional WAFv2 web ACL (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>), received '${arn}'`);
    }
    v.check(o.webAclRateLimit === undefined, 'webAclRateLimit configures the web ACL the service creates; received it with webAclArn (set the limit in your own ACL)');
    return { existingWebAclArn: arn, alarms: [], dashboardRow: [] };
  }
  if (o.webAcl === undefined && !lb.internetFacing) {
    v.check(o.webAclRateLimit === undefined, 'webAclRateLimit needs a web ACL: an internal load balancer gets none unless webAcl is true; received webAclRateLimit alone');
    return undefined;
  }
  const rateLimit = o.webAclRateLimit ?? DEFAULTS.webFirewall.rateLimit;
  v.integer('webAclRateLimit', rateLimit, ...LIMITS.webAclRateLimit, 'requests per 5 minutes');
  // WAF names are at most 128 characters, the service's prefix up to 180: shortened, keeping its hash.
  const name = shortName(namePrefix, WEB_ACL_NAME_MAX_LENGTH);
  const groups = DEFAULTS.webFirewall.managedRuleGroups;
  return {
    webAcl: {
      name,
      // IP reputation first: known-bad sources are dropped before anything counts them.
      managedRuleGroups: groups.map((group, i) => ({ name: group, vendorName: 'AWS', priority: i === 0 ? 0 : i + 1 })),
      rateLimit,
      rateLimitWindowSeconds: DEFAULTS.webFirewall.rateLimitWindowSeconds,
      rateLimitPriority: 1,
      rateLimitRuleName: 'RateLimitPerIp',
      rateLimitAggregateKey: 'IP',
      logGroupNamePrefix: `aws-waf-logs-${name}-`,
      logRetentionDays: DEFAULTS.webFirewall.logRetentionDays,
      logRetained: true,
    },
    alarms: [{
      id: 'WebAclBlockedRequests',
      description: `The web ACL blocked more than ${DEFAULTS.webFirewall.blockedRequestsPerMinute} requests a minute for 5 minutes: an attack, or a rule blocking real users`,
      metrics: { m: { source: MetricSource.WEB_ACL, metricName: 'BlockedRequests', statistic: 'Sum' } },
      periodSeconds: 60,
      threshold: DEFAULTS.webFirewall.blockedRequestsPerMinute,
      comparison: Comparison.GREATER_THAN,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: MissingData.NOT_BREACHING,
      critical: false,
    }],
    dashboardRow: [{
      title: 'Web ACL (requests per minute)',
      left: [
        { label: 'allowed', metrics: { m: { source: MetricSource.WEB_ACL, metricName: 'AllowedRequests', statistic: 'Sum' } } },
        { label: 'blocked', metrics: { m: { source: MetricSource.WEB_ACL, metricName: 'BlockedRequests', statistic: 'Sum' } } },
      ],
      leftMin: 0,
    }],
  };
}
