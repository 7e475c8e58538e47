import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CapacityPlan, DatabaseEngine, HighlyAvailableService, HighlyAvailableServiceProps, LoadBalancingAlgorithm, PredictiveScalingMode } from '../src';
import { AZ_CONTEXT, ENV } from './util';

/**
 * Full synthesis with cdk-nag AwsSolutions and the CloudFormation validate plugin, whose findings
 * are errors here (@aws-cdk/core:validateAgainstDefaultRules): any unacknowledged finding throws.
 */
function synthWithChecks(build: (stack: Stack) => void): App {
  const app = new App({ context: { ...AZ_CONTEXT, '@aws-cdk/core:validateAgainstDefaultRules': true } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Compliance', { env: ENV });
  build(stack);
  app.synth();
  return app;
}

/** Every acknowledgement in the tree: the metadata entries map a qualified rule id to its reason. */
function acknowledgements(root: IConstruct): Array<{ id: string; reason: string; path: string }> {
  return root.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason, path: c.node.path }))));
}

const FULLY_CONFIGURED = (stack: Stack): HighlyAvailableServiceProps => ({
  domainName: 'api.example.com',
  hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' }),
  allowedCidrs: ['203.0.113.0/24'],
  loadBalancingAlgorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS,
  slowStart: Duration.seconds(60),
  capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }),
  scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 3000 }],
  predictiveScaling: PredictiveScalingMode.FORECAST_AND_SCALE,
  databaseEngine: DatabaseEngine.AURORA_MYSQL,
  databaseReaders: 2,
  alarmEmails: ['oncall@example.com'],
});

describe('compliance', () => {
  test('the default service passes cdk-nag AwsSolutions and CloudFormation validation', () => {
    const app = synthWithChecks((stack) => new HighlyAvailableService(stack, 'Web'));
    // Every acknowledgement the library makes says specifically why.
    const acks = acknowledgements(app).filter((a) => a.id.startsWith('AwsSolutions::'));
    expect(acks.map((a) => a.id).sort()).toEqual([
      'AwsSolutions::AwsSolutions-EC23',
      'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      'AwsSolutions::AwsSolutions-S1',
    ]);
    for (const a of acks) expect(a.reason.length).toBeGreaterThan(60);
  });

  test('a fully configured service passes too, and narrowed CIDRs need no EC23 acknowledgement', () => {
    const app = synthWithChecks((stack) => new HighlyAvailableService(stack, 'Web', FULLY_CONFIGURED(stack)));
    const ids = acknowledgements(app).map((a) => a.id).join(' ');
    expect(ids).not.toContain('EC23');
    // MySQL on its default port is acknowledged, with a reason.
    expect(ids).toContain('AwsSolutions::AwsSolutions-RDS11');
  });

  test('the Multi-AZ instance and a stateless service pass too', () => {
    expect(() => synthWithChecks((stack) => {
      new HighlyAvailableService(stack, 'Instance', { databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE });
      new HighlyAvailableService(stack, 'Stateless', { database: false });
    })).not.toThrow();
  });

  test('each acknowledgement is needed: without them the default service fails the checks', () => {
    const checks = new AwsSolutionsChecks();
    const app = new App({ context: AZ_CONTEXT });
    const stack = new Stack(app, 'Bare', { env: ENV });
    new HighlyAvailableService(stack, 'Web');
    for (const c of stack.node.findAll()) {
      const kept = c.node.metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
      (c.node as any)._metadata = kept;
    }
    const rules = checks.validateScope(stack).violations.map((v) => v.ruleName).sort();
    expect(rules).toEqual([
      'AwsSolutions-EC23',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      'AwsSolutions-S1',
    ]);
  });

  test('the checks are live: an unencrypted, non-SSL bucket beside the service fails synthesis', () => {
    expect(() => synthWithChecks((stack) => {
      new HighlyAvailableService(stack, 'Web', { database: false });
      new s3.Bucket(stack, 'Careless');
    })).toThrow(/AwsSolutions-S10/);
  });
});
