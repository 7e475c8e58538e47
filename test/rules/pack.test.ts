import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { buildHandWired } from '../../scripts/hand-wired';
import { DatabaseEngine, HighlyAvailableService, ResilienceChecks } from '../../src';
import { checkTemplate } from '../../src/rules';
import { AZ_CONTEXT, ENV, defaultService, printedOnConsole, testApp } from '../util';

const findingsOf = (stack: Stack) => checkTemplate(Template.fromStack(stack).toJSON()).map((v) => `${v.ruleId}@${v.logicalId}`).sort();

describe('our own services pass with no finding', () => {
  test('zero-config', () => {
    expect(findingsOf(defaultService().stack)).toEqual([]);
  });

  test('configured: HTTPS with a domain, a Multi-AZ MySQL instance, an own VPC beside it', () => {
    const app = testApp({ context: AZ_CONTEXT });
    const stack = new Stack(app, 'Configured', { env: ENV });
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    const first = new HighlyAvailableService(stack, 'Web', { domainName: 'api.example.com', hostedZone, databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE });
    new HighlyAvailableService(stack, 'Stateless', { vpc: first.vpc, database: false, internetFacing: false });
    expect(findingsOf(stack)).toEqual([]);
  });
});

test('the hand-wired stack of the benchmark shows what it lacks', () => {
  const stack = new Stack(testApp({ context: AZ_CONTEXT }), 'Bench', { env: ENV });
  buildHandWired(stack);
  const ruleIds = [...new Set(findingsOf(stack).map((f) => f.split('@')[0]))].sort();
  expect(ruleIds).toEqual([
    'HA-ALARM1', // no alarm on the fleet, the load balancer or the database
    'HA-ASG4', // the group does not use the load balancer's health check
    'HA-ELB4', // the 300 s deregistration delay
    'HA-RDS2', // backups kept 1 day
    'HA-RDS3', // no deletion protection
  ]);
});

describe('as a validation plugin', () => {
  const build = (acknowledge: boolean) => {
    const app = testApp({ context: AZ_CONTEXT });
    Validations.of(app).addPlugins(new ResilienceChecks());
    const stack = new Stack(app, 'Plugin', { env: ENV });
    const subnet = new ec2.CfnSubnet(stack, 'OnlySubnet', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', availabilityZone: 'eu-west-1a' });
    const group = new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
      minSize: '1', maxSize: '2', vpcZoneIdentifier: [subnet.ref], launchTemplate: { launchTemplateId: 'lt-1', version: '1' },
    });
    if (acknowledge) {
      Validations.of(group).acknowledge(
        { id: 'Resilience::HA-ASG1', reason: 'A batch worker; losing it for an AZ outage is accepted.' },
        { id: 'Resilience::HA-ALARM1', reason: 'Watched by the batch scheduler.' },
      );
    }
    return app;
  };

  test('an error fails synthesis, naming the rule', () => {
    expect(() => build(false).synth()).toThrow(/HA-ASG1/);
  });

  test('acknowledged per construct, it passes', () => {
    // Nothing is reported: the acknowledged findings are not printed either.
    const { printed } = printedOnConsole(() => expect(() => build(true).synth()).not.toThrow());
    expect(printed).toBe('');
  });
});
