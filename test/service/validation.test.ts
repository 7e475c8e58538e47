import { App, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DatabaseEngine, HighlyAvailableService, HighlyAvailableServiceProps, LoadBalancingAlgorithm } from '../../src';
import { STRICT_VALIDATION, testStack } from '../util';

/** Each case: props that can never deploy, and the message that must name the prop, the value and the range. */
const BAD_INPUT: Array<[string, HighlyAvailableServiceProps, RegExp]> = [
  ['fewer than 2 AZs', { maxAzs: 1 }, /maxAzs must be between 2 and 64 AZs, received 1 AZs/],
  ['min capacity above max', { minCapacity: 6, maxCapacity: 4 }, /minCapacity \(6\) must not be greater than maxCapacity \(4\)/],
  ['min capacity below one per AZ', { minCapacity: 2 }, /minCapacity must be at least one instance per Availability Zone \(3\), received 2/],
  ['fractional capacity', { minCapacity: 3.5 }, /minCapacity must be a whole number between 1 and 1000 instances, received 3.5/],
  ['health-check interval below 5 s', { healthCheckInterval: Duration.seconds(4) }, /healthCheckInterval must be between 5 and 300 seconds, received 4 seconds/],
  ['health-check interval above 300 s', { healthCheckInterval: Duration.seconds(301) }, /healthCheckInterval must be between 5 and 300 seconds, received 301 seconds/],
  ['health-check timeout not below the interval', { healthCheckInterval: Duration.seconds(10), healthCheckTimeout: Duration.seconds(10) },
    /healthCheckTimeout must be below healthCheckInterval \(10 seconds\), received 10 seconds/],
  ['health-check timeout below 2 s', { healthCheckTimeout: Duration.seconds(1) }, /healthCheckTimeout must be between 2 and 120 seconds, received 1 seconds/],
  ['healthy threshold below 2', { healthyThresholdCount: 1 }, /healthyThresholdCount must be between 2 and 10, received 1/],
  ['unhealthy threshold above 10', { unhealthyThresholdCount: 11 }, /unhealthyThresholdCount must be between 2 and 10, received 11/],
  ['more than 15 readers', { databaseReaders: 16 }, /databaseReaders must be between 0 and 15 readers, received 16 readers/],
  ['readers on a Multi-AZ instance', { databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, databaseReaders: 1 },
    /databaseReaders applies to Aurora engines only.*received databaseReaders 1/],
  ['backup retention of 0 days', { databaseBackupRetention: Duration.days(0) }, /databaseBackupRetention must be between 1 and 35 days, received 0 days/],
  ['backup retention of 36 days', { databaseBackupRetention: Duration.days(36) }, /databaseBackupRetention must be between 1 and 35 days, received 36 days/],
  ['backup retention of part of a day', { databaseBackupRetention: Duration.hours(36) }, /databaseBackupRetention must be a whole number between 1 and 35 days, received 1.5/],
  ['deregistration delay above 3600 s', { deregistrationDelay: Duration.seconds(3601) }, /deregistrationDelay must be between 0 and 3600 seconds, received 3601 seconds/],
  ['slow start with weighted random', { slowStart: Duration.seconds(60), loadBalancingAlgorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM },
    /slowStart cannot be combined with loadBalancingAlgorithm WEIGHTED_RANDOM \(received slowStart 60 seconds\)/],
  ['slow start below 30 s', { slowStart: Duration.seconds(10) }, /slowStart must be between 30 and 900 seconds, received 10 seconds/],
  ['app port 0', { appPort: 0 }, /appPort must be between 1 and 65535, received 0/],
  ['app port above 65535', { appPort: 70000 }, /appPort must be between 1 and 65535, received 70000/],
  ['CPU target above 100 %', { cpuTargetUtilizationPercent: 120 }, /cpuTargetUtilizationPercent must be between 1 and 100 percent, received 120 percent/],
  ['a malformed CIDR', { allowedCidrs: ['10.0.0.0/33'] }, /allowedCidrs must hold IPv4 CIDR blocks such as 203.0.113.0\/24, received '10.0.0.0\/33'/],
  ['no CIDR', { allowedCidrs: [] }, /allowedCidrs must list at least one IPv4 CIDR block, received an empty list/],
  ['a health-check path without /', { healthCheckPath: 'health' }, /healthCheckPath must start with '\/'.*received 'health'/],
  ['a database name with a dash', { databaseName: 'my-app' }, /databaseName must start with a letter.*received 'my-app'/],
  ['a domain with no way to get a certificate', { domainName: 'api.example.com' }, /domainName 'api.example.com' needs a hostedZone .* or a certificate, received neither/],
  ['a grace period above 2 hours', { healthCheckGracePeriod: Duration.hours(3) }, /healthCheckGracePeriod must be between 0 and 7200 seconds, received 10800 seconds/],
  ['a 4 GiB root volume', { rootVolumeSizeGiB: 4 }, /rootVolumeSizeGiB must be between 8 and 16384 GiB, received 4 GiB/],
  ['a root device name without /dev/', { rootDeviceName: 'xvda' }, /rootDeviceName must be a device path such as \/dev\/xvda, received 'xvda'/],
  ['a malformed alarm email', { alarmEmails: ['oncall'] }, /alarmEmails must hold email addresses such as oncall@example.com, received 'oncall'/],
  ['database settings without a database', { database: false, databaseEngine: DatabaseEngine.AURORA_MYSQL }, /databaseEngine and databaseReaders need a database/],
];

describe('bad input fails at synth with the prop, the value and the range', () => {
  test.each(BAD_INPUT)('%s', (_name, props, message) => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Web', props)).toThrow(message);
    // Nothing of the service is left behind in the construct tree: the bad stack cannot be deployed half-built.
    const service = stack.node.tryFindChild('Web');
    expect(service?.node.findAll().filter((c) => c.node.id === 'Vpc') ?? []).toHaveLength(0);
  });

  test('a VPC with one AZ is rejected', () => {
    const { stack } = testStack();
    const vpc = new ec2.Vpc(stack, 'OneAz', { maxAzs: 1 });
    expect(() => new HighlyAvailableService(stack, 'Web', { vpc, database: false }))
      .toThrow(/vpc must span at least 2 Availability Zones to survive the loss of one, received a VPC with 1/);
  });

  test('a VPC without isolated subnets is rejected before anything is created', () => {
    const { stack } = testStack();
    const vpc = new ec2.Vpc(stack, 'NoIsolated', { maxAzs: 2 });
    expect(() => new HighlyAvailableService(stack, 'Web', { vpc }))
      .toThrow(/vpc must have isolated subnets \(for the database\), received a VPC with none/);
    expect(stack.node.tryFindChild('Web')?.node.children ?? []).toHaveLength(0);
    // A stateless service does not need them.
    expect(() => new HighlyAvailableService(stack, 'Stateless', { vpc, database: false })).not.toThrow();
  });

  test('maxAzs together with a VPC is rejected', () => {
    const { stack } = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    expect(() => new HighlyAvailableService(stack, 'Web', { vpc, maxAzs: 3 })).toThrow(/maxAzs applies only to the VPC the service creates/);
  });
});

describe('values known only at deploy time are not checked', () => {
  test('token ports and thresholds pass through to the template', () => {
    const app = new App({ context: STRICT_VALIDATION });
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

describe('good edge values are accepted', () => {
  test.each<[string, HighlyAvailableServiceProps]>([
    ['the fastest health check', { healthCheckInterval: Duration.seconds(5), healthCheckTimeout: Duration.seconds(4) }],
    ['15 readers', { databaseReaders: 15 }],
    ['35 days of backups', { databaseBackupRetention: Duration.days(35) }],
    ['no deregistration delay', { deregistrationDelay: Duration.seconds(0) }],
    ['slow start with least outstanding requests', { slowStart: Duration.seconds(30), loadBalancingAlgorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS }],
  ])('%s', (_name, props) => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Web', props)).not.toThrow();
  });

  test('a domain with a certificate and no hosted zone', () => {
    const { stack } = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');
    expect(() => new HighlyAvailableService(stack, 'Web', { domainName: 'api.example.com', certificate })).not.toThrow();
  });
});
