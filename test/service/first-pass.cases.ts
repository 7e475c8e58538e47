// The CDK CLI's first pass, in process: an app run with nothing in context. aws-cdk-lib hands out
// placeholder AZs (and a placeholder VPC for Vpc.fromLookup), records the missing context, and
// the CLI looks it up and runs the app again. The service must let that first pass finish.
import { CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HighlyAvailableService } from '../../src';
import { AZ_CONTEXT, AZS, ENV, STRICT_VALIDATION, printedOnConsole, testApp } from '../util';

const AZ_KEY = Object.keys(AZ_CONTEXT)[0];

describe('the CDK CLI\'s first pass (nothing in context)', () => {
  // One app as the CLI's first pass runs it: a region stack with nothing pinned, one with a looked-up
  // VPC, and one with a value only the later pass can check (the AZ to impair).
  // The CLI runs the CloudFormation validate rules on every pass, as here.
  const app = testApp({ builtinCloudFormationValidation: true });
  const plain = new Stack(app, 'Plain', { env: ENV });
  const plainService = new HighlyAvailableService(plain, 'Web');
  const looked = new Stack(app, 'Looked', { env: ENV });
  const vpc = ec2.Vpc.fromLookup(looked, 'Vpc', { vpcId: 'vpc-0123456789abcdef0' });
  const lookedService = new HighlyAvailableService(looked, 'Web', { vpc, minCapacity: 6 });
  const pinned = new Stack(app, 'Pinned', { env: ENV });
  new HighlyAvailableService(pinned, 'Web', {
    faultInjectionAvailabilityZone: 'eu-west-1c',
    database: false,
  });
  // The CloudFormation rules warn, on the console, about the placeholder VPC's ids: kept, checked below.
  const { result: assembly, printed } = printedOnConsole(() => app.synth());

  test('the first pass warns about nothing but the placeholder VPC\'s ids (which the next pass replaces)', () => {
    const findings = printed.split('\n').filter((l) => /^\s*(WARNING|ERROR) /.test(l));
    expect(findings.length).toBeGreaterThan(0);
    // The placeholder VPC's id and its subnets' ids (p-12345, p-67890: the release on rollback's function names its private subnets).
    for (const f of findings) {
      expect(f).toMatch(/^\s*WARNING \w+(\.\d+)?: '(vpc-12345|s-\d+)' does not match format|^\s*WARNING VpcConfig\.SubnetIds\.\d+: 'p-\d+' does not match pattern/);
    }
  });

  test('every stack synthesizes and the assembly asks for the missing context', () => {
    const missing = (assembly.manifest.missing ?? []).map((m) => m.key);
    expect(missing).toContain(AZ_KEY);
    expect(missing).toContainEqual(expect.stringMatching(/^vpc-provider:account=111111111111:filter.vpc-id=vpc-0123456789abcdef0:region=eu-west-1/));
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Looked', 'Pinned', 'Plain']);
  });

  test('the placeholders are not reported as facts: no environment-agnostic finding, no warning of ours', () => {
    expect(plainService.resilienceReport.findings.map((f) => f.id)).not.toContain('resilience:environmentAgnostic');
    expect(lookedService.resilienceReport.availabilityZones).toBe(2); // the placeholder VPC's, until the lookup
    const ours = assembly.stacks.flatMap((s) => s.messages).filter((m) => String(m.entry.data).includes('cdk-highly-available-service:'));
    expect(ours.map((m) => m.entry.data)).toEqual([
      expect.stringContaining('cdk-highly-available-service:noHttps'),
      expect.stringContaining('cdk-highly-available-service:noHttps'),
      expect.stringContaining('cdk-highly-available-service:noHttps'),
    ]);
  });
});

describe('the CLI\'s second pass (the context looked up)', () => {
  test('the AZs looked up are the service\'s, checked as usual', () => {
    const app = testApp({ context: AZ_CONTEXT });
    const stack = new Stack(app, 'Plain', { env: ENV });
    const service = new HighlyAvailableService(stack, 'Web', { faultInjectionAvailabilityZone: 'eu-west-1c' });
    expect(service.vpc.availabilityZones).toEqual(AZS);
    expect(app.synth().manifest.missing).toBeUndefined();
  });

  test('a value the first pass let through is judged once it is known', () => {
    const app = testApp({ context: AZ_CONTEXT });
    const stack = new Stack(app, 'Plain', { env: ENV });
    expect(() => new HighlyAvailableService(stack, 'Web', { faultInjectionAvailabilityZone: 'eu-west-1d' }))
      .toThrow("faultInjectionAvailabilityZone must be one of the service's AZs (eu-west-1a, eu-west-1b, eu-west-1c), received 'eu-west-1d'");
  });

  test('AZs pinned for another region are named as the stack\'s, not by a prop the construct lacks', () => {
    const app = testApp({ context: { [AZ_KEY]: ['us-east-1a', 'us-east-1b', 'us-east-1c'] } });
    const stack = new Stack(app, 'Plain', { env: ENV });
    expect(() => new HighlyAvailableService(stack, 'Web'))
      .toThrow("the stack's availabilityZones must be AZs of the region eu-west-1, received us-east-1a, us-east-1b, us-east-1c");
  });
});

// A template with parameters, as the CLI validates it: the rules take a reference where a number goes.
describe('values known only at deploy time are not checked', () => {
  test('token ports and thresholds pass through to the template', () => {
    const app = testApp({ context: STRICT_VALIDATION });
    const stack = new Stack(app, 'Tokens');
    const port = new CfnParameter(stack, 'AppPort', { type: 'Number' }).valueAsNumber;
    const threshold = new CfnParameter(stack, 'Threshold', { type: 'Number' }).valueAsNumber;
    expect(Token.isUnresolved(port)).toBe(true);
    new HighlyAvailableService(stack, 'Web', {
      appPort: port,
      healthyThresholdCount: threshold,
      database: false,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: { Ref: 'AppPort' },
      HealthyThresholdCount: { Ref: 'Threshold' },
    });
  });
});
