import { ServiceOptions } from '../../../src/core/options/options';
import { plainPlan, plainProblems } from '../plain';

// The web firewall's planner on plain data.
const problemsOf = plainProblems;
const ARN = 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/shared/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901';

describe('web firewall', () => {
  test('an internet-facing service gets its own ACL: IP reputation, then the rate limit, then the common and bad-input rules', () => {
    const p = plainPlan();
    expect(p.webFirewall?.webAcl).toEqual({
      name: p.namePrefix,
      managedRuleGroups: [
        { name: 'AWSManagedRulesAmazonIpReputationList', vendorName: 'AWS', priority: 0 },
        { name: 'AWSManagedRulesCommonRuleSet', vendorName: 'AWS', priority: 2 },
        { name: 'AWSManagedRulesKnownBadInputsRuleSet', vendorName: 'AWS', priority: 3 },
      ],
      rateLimit: 2000,
      rateLimitWindowSeconds: 300,
      rateLimitPriority: 1,
      rateLimitRuleName: 'RateLimitPerIp',
      rateLimitAggregateKey: 'IP',
      logGroupNamePrefix: `aws-waf-logs-${p.namePrefix}-`,
      logRetentionDays: 365,
      logRetained: true,
    });
    expect(p.monitoring.alarms.find((a) => a.id === 'WebAclBlockedRequests')).toEqual(expect.objectContaining({
      threshold: 1000, evaluationPeriods: 5, critical: false, metrics: { m: { source: 'web-acl', metricName: 'BlockedRequests', statistic: 'Sum' } },
    }));
  });

  test('an internal one gets none unless asked; webAcl: false leaves it out with its alarm and graph', () => {
    expect(plainPlan({ internetFacing: false }).webFirewall).toBeUndefined();
    expect(plainPlan({ internetFacing: false, webAcl: true }).webFirewall?.webAcl).toBeDefined();
    const off = plainPlan({ webAcl: false });
    expect(off.webFirewall).toBeUndefined();
    expect(off.monitoring.alarms.map((a) => a.id)).not.toContain('WebAclBlockedRequests');
    expect(off.monitoring.dashboard!.rows.flat().map((g) => g.title)).not.toContain('Web ACL (requests per minute)');
  });

  test('the user\'s ACL is associated instead: nothing created, no alarm of ours', () => {
    const p = plainPlan({ webAclArn: ARN, webAclRateLimit: undefined });
    expect(p.webFirewall).toEqual({ existingWebAclArn: ARN, alarms: [], dashboardRow: [] });
    expect(p.monitoring.alarms.map((a) => a.id)).not.toContain('WebAclBlockedRequests');
  });

  test('the rate limit is a prop', () => {
    expect(plainPlan({ webAclRateLimit: 500 }).webFirewall?.webAcl?.rateLimit).toBe(500);
  });

  test.each([
    [{ webAclRateLimit: 5 }, /webAclRateLimit must be between 10 and 2000000000 requests per 5 minutes, received 5/],
    [{ webAclRateLimit: 100.5 }, /webAclRateLimit must be a whole number between 10 and 2000000000/],
    [{ webAclRateLimit: 3e9 }, /webAclRateLimit must be between 10 and 2000000000/],
    [{ webAclArn: 'arn:aws:wafv2:eu-west-1:111111111111:global/webacl/cf/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901' }, /webAclArn must be the ARN of a regional WAFv2 web ACL/],
    [{ webAclArn: "x' or '1'='1" }, /webAclArn must be the ARN of a regional WAFv2 web ACL .* received 'x' or '1'='1'/],
    [{ webAcl: false, webAclArn: ARN }, /received them with webAcl: false/],
    [{ webAclArn: ARN, webAclRateLimit: 100 }, /webAclRateLimit configures the web ACL the service creates; received it with webAclArn/],
    [{ internetFacing: false, webAclRateLimit: 100 }, /an internal load balancer gets none unless webAcl is true/],
  ] as Array<[ServiceOptions, RegExp]>)('%j fails', (options, message) => {
    const problems = problemsOf(options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});
