import { Template } from 'aws-cdk-lib/assertions';
import { NIST80053R5Checks } from 'cdk-nag';
import { defaultService, synthService } from '../util';

const ARN = 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/shared/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901';
const only = (template: Template, type: string): any => {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('the default (internet-facing) service', () => {
  const { template, service } = defaultService();

  test('a regional web ACL: allow by default, the three managed groups and a per-IP rate limit that blocks', () => {
    const acl = only(template, 'AWS::WAFv2::WebACL').Properties;
    expect(acl).toEqual(expect.objectContaining({ Name: 'Test-Web-51a73038', Scope: 'REGIONAL', DefaultAction: { Allow: {} } }));
    expect(acl.Rules.map((r: any) => [r.Priority, r.Name])).toEqual([
      [0, 'AWSManagedRulesAmazonIpReputationList'], [2, 'AWSManagedRulesCommonRuleSet'], [3, 'AWSManagedRulesKnownBadInputsRuleSet'], [1, 'RateLimitPerIp'],
    ]);
    expect(acl.Rules[3]).toEqual(expect.objectContaining({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } },
    }));
    for (const rule of acl.Rules.slice(0, 3)) {
      expect(rule.OverrideAction).toEqual({ None: {} });
      expect(rule.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
    }
    expect(service.webAcl).toBeDefined();
  });

  test('associated with the load balancer; logged to an encrypted, retained aws-waf-logs- group, named anew at each creation, by its ARN without :*', () => {
    expect(only(template, 'AWS::WAFv2::WebACLAssociation').Properties).toEqual({
      ResourceArn: { Ref: expect.stringMatching(/^WebLoadBalancer/) },
      WebACLArn: { 'Fn::GetAtt': [expect.stringMatching(/^WebWebAcl/), 'Arn'] },
    });
    // The name ends with the first 8 hex digits of the stack's id, new at each creation: the kept group never blocks the next one.
    const [logGroup] = Object.values(template.findResources('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: {
          'Fn::Join': ['', ['aws-waf-logs-Test-Web-51a73038-', {
            'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }],
          }]],
        },
      },
    })) as any[];
    expect(logGroup.DeletionPolicy).toBe('Retain');
    expect(logGroup.Properties).toEqual(expect.objectContaining({ RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^WebWebAclLogsKey/), 'Arn'] } }));
    const logging = only(template, 'AWS::WAFv2::LoggingConfiguration').Properties;
    // The log group's ARN built from its name (a reference to it), ending there: no `:*`.
    expect(logging.LogDestinationConfigs).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:', { Ref: expect.stringMatching(/^WebWebAclLogs/) }]] }]);
    expect(logging.ResourceArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WebWebAcl/), 'Arn'] });
  });

  test('cdk-nag NIST 800-53 R5 finds the ALB guarded; without the ACL it does not', () => {
    const wafRule = (scope: any) => new NIST80053R5Checks().validateScope(scope).violations.filter((v) => v.ruleName.endsWith('ALBWAFEnabled'));
    expect(wafRule(service)).toEqual([]);
    expect(wafRule(synthService({ database: false, webAcl: false }).service)).toHaveLength(1);
  });
});

test('the user\'s web ACL is associated instead; an internal service gets none', () => {
  const { template, service } = synthService({ database: false, webAclArn: ARN });
  template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  expect(only(template, 'AWS::WAFv2::WebACLAssociation').Properties.WebACLArn).toBe(ARN);
  expect(service.webAclArn).toBe(ARN);
  const internal = synthService({ database: false, internetFacing: false }).template;
  internal.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
});
