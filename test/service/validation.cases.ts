import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CapacityPlan, DatabaseEngine, HighlyAvailableService, HighlyAvailableServiceProps, LoadBalancingAlgorithm } from '../../src';
import { synthService, testApp, testStack } from '../util';

const CERTIFICATE = acm.Certificate.fromCertificateArn(new Stack(testApp(), 'Certificates'), 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');

/** Each case: props that can never deploy, and the message that must name the prop, the value and the range. */
const BAD_INPUT: Array<[string, HighlyAvailableServiceProps, RegExp]> = [
  ['fewer than 2 AZs', { maxAzs: 1 }, /maxAzs must be between 2 and 64 AZs, received 1 AZs/],
  ['min capacity above max', { minCapacity: 6, maxCapacity: 4 }, /minCapacity \(6\) must not be greater than maxCapacity \(4\)/],
  ['min capacity below one per AZ', { minCapacity: 2 }, /minCapacity must be at least one instance per Availability Zone \(3\), received 2/],
  ['fractional capacity', { minCapacity: 3.5 }, /minCapacity must be a whole number of instances, at least 1, received 3.5/],
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
  ['an experiment AZ outside the service', { faultInjectionAvailabilityZone: "eu-west-1a'; rm -rf /" },
    /faultInjectionAvailabilityZone must be one of the service's AZs \(eu-west-1a, eu-west-1b, eu-west-1c\), received 'eu-west-1a'; rm -rf \/'/],
  ['an experiment of 90 seconds', { faultInjectionDuration: Duration.seconds(90) }, /faultInjectionDuration must be whole minutes, received 90 seconds/],
  ['an experiment of a day', { faultInjectionDuration: Duration.days(1) }, /faultInjectionDuration must be between 60 and 43200 seconds, received 86400 seconds/],
  ['experiments without the alarm that stops them', { faultInjection: true, alarms: false }, /faultInjection needs the service-health alarm/],
  ['a rate limit below WAF\'s minimum', { webAclRateLimit: 9 }, /webAclRateLimit must be between 10 and 2000000000 requests per 5 minutes, received 9/],
  ['a web ACL ARN that is not one', { webAclArn: 'arn:aws:s3:::bucket' }, /webAclArn must be the ARN of a regional WAFv2 web ACL .* received 'arn:aws:s3:::bucket'/],
  ['more cache nodes than AZs', { cacheNodes: 4 }, /cacheNodes must not exceed the service's 3 AZs.*received 4 nodes/],
  ['a cache node type that is not one', { cacheNodeType: 'r7g.large' }, /cacheNodeType takes the node type with its 'cache.' prefix: give 'cache.r7g.large', received 'r7g.large'/],
  ['reader scaling below the planned readers', { databaseReaders: 2, databaseMaxReaders: 1 }, /databaseReaders \(2\) must not be greater than databaseMaxReaders \(1\)/],
  ['a proxy without a database', { database: false, databaseProxy: true }, /databaseProxy needs a database; received databaseProxy: true with database: false/],
  ['app port 0', { appPort: 0 }, /appPort must be between 1 and 65535, received 0/],
  ['app port above 65535', { appPort: 70000 }, /appPort must be between 1 and 65535, received 70000/],
  ['CPU target above 100 %', { cpuTargetUtilizationPercent: 120 }, /cpuTargetUtilizationPercent must be between 1 and 100 percent, received 120 percent/],
  ['a malformed CIDR', { allowedCidrs: ['10.0.0.0/33'] }, /allowedCidrs must hold IPv4 CIDR blocks such as 203.0.113.0\/24, received '10.0.0.0\/33'/],
  ['no CIDR', { allowedCidrs: [] }, /allowedCidrs must list at least one IPv4 CIDR block, received an empty list/],
  ['a health-check path without /', { healthCheckPath: 'health' }, /healthCheckPath must start with '\/'.*received "health"/],
  ['a health-check path with a quote', { healthCheckPath: "/health'; reboot; '" }, /healthCheckPath must start with '\/' and hold at most 1024 of the characters a-z A-Z 0-9 @ : % _ \+ \. ~ # \? & \/ = -, received "\/health'; reboot; '"/],
  ['a health-check path with a space', { healthCheckPath: '/he alth' }, /healthCheckPath .* received "\/he alth"/],
  ['a health-check path over 1024 characters', { healthCheckPath: `/${'a'.repeat(1024)}` }, /healthCheckPath must start with '\/' and hold at most 1024/],
  ['a fractional timeout', { healthCheckTimeout: Duration.millis(2500) }, /healthCheckTimeout must be a whole number between 2 and 120 seconds, received 2.5/],
  ['a fractional deregistration delay', { deregistrationDelay: Duration.millis(1500) }, /deregistrationDelay must be a whole number between 0 and 3600 seconds, received 1.5/],
  ['a demand plan beyond the private subnets', { capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 100_000, requestsPerSecondPerInstance: 10 }) },
    /^.*capacity \(CapacityPlan.fromDemand: peakRequestsPerSecond 100000, requestsPerSecondPerInstance 10, targetUtilization 0.7, surviveAzLoss true, over 3 AZs\) needs up to 42858 instances, 21429 in one AZ after losing another, more than the 4091 addresses of a private subnet \(\/20\) of the service's VPC: lower the peak/],
  ['a fixed plan beyond the private subnets', { capacity: CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 9000 }) },
    /capacity \(CapacityPlan.fixed: minCapacity 3, maxCapacity 9000\) needs up to 9000 instances, 4500 in one AZ after losing another, more than the 4091 addresses/],
  ['a scheduled peak beyond the private subnets', {
    capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100 }),
    scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 500_000 }],
  }, /scheduledDemand\[0\].peakRequestsPerSecond 500000 needs up to 21432 instances, 10716 in one AZ after losing another, more than the 4091 addresses/],
  ['a scheduled peak of 0', {
    capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100 }),
    scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 0 }],
  }, /scheduledDemand\[0\].peakRequestsPerSecond must be a number above 0, received 0/],
  ['a scheduled time zone that does not exist', {
    capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100 }),
    scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 2000, timeZone: 'Europe/Atlantis' }],
  }, /scheduledDemand\[0\].timeZone must be an IANA time zone such as Europe\/Paris, received "Europe\/Atlantis"/],
  ['no instance type', { instanceTypes: [] }, /instanceTypes must list between 1 and 40 instance types, received 0/],
  ['a repeated instance type', { instanceTypes: [new ec2.InstanceType('c7i.large'), new ec2.InstanceType('c7i.large')] },
    /instanceTypes must not repeat a type, received c7i.large, c7i.large/],
  ['instance types of two architectures', { instanceTypes: [new ec2.InstanceType('c7i.large'), new ec2.InstanceType('c7g.large')] },
    /instanceTypes must share one processor architecture .*received c7i.large \(x86_64\), c7g.large \(arm64\)/],
  ['instanceType with instanceTypes', { instanceType: new ec2.InstanceType('c7i.large'), instanceTypes: [new ec2.InstanceType('c6i.large')] },
    /instanceType and instanceTypes exclude each other/],
  ['an instance type EC2 does not have', { instanceTypes: [new ec2.InstanceType('c7i.hugee')] },
    /instanceTypes\[0\] 'c7i.hugee' is not an EC2 instance type: c7i comes in large, xlarge, 2xlarge/],
  ['an instance type aws-cdk-lib cannot parse', { instanceType: new ec2.InstanceType('banana') },
    /instanceType 'banana' is not an EC2 instance type: a name is <family>.<size>, e.g. c7i.large/],
  // A JavaScript app, or tsx, passes what TypeScript would refuse.
  ['a misspelled prop', { minCapcity: 6, alarmEmails: ['oncall@example.com'] } as HighlyAvailableServiceProps,
    /props has no prop 'minCapcity' \(did you mean minCapacity\?\)/],
  ['a domain with a space', { domainName: 'api example.com', certificate: CERTIFICATE }, /domainName must be a DNS name such as api.example.com .*received "api example.com"/],
  ['a domain with a trailing dot', { domainName: 'api.example.com.', certificate: CERTIFICATE }, /domainName must be a DNS name .*received "api.example.com."/],
  ['a domain label over 63 characters', { domainName: `${'a'.repeat(64)}.example.com`, certificate: CERTIFICATE }, /domainName must be a DNS name/],
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
      .toThrow('vpc must have isolated subnets (for the database), received a VPC with none: give it a PRIVATE_ISOLATED subnet group; or set database: false');
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

describe('a domain and its hosted zone', () => {
  let zones = 0;
  const zone = (stack: Stack) => route53.HostedZone.fromHostedZoneAttributes(stack, `Zone${++zones}`, { hostedZoneId: 'Z123', zoneName: 'example.com' });

  test('a domain the service requests a certificate for is at most 64 characters (ACM)', () => {
    const { stack } = testStack();
    const long = `${'a'.repeat(60)}.example.com`;
    expect(() => new HighlyAvailableService(stack, 'Web', { domainName: long, hostedZone: zone(stack) }))
      .toThrow(/domainName must be a DNS name .* at most 64 characters for the certificate the service requests\), received/);
    // With a certificate of the user's, the DNS limit applies instead.
    expect(() => new HighlyAvailableService(stack, 'Own', { domainName: long, hostedZone: zone(stack), certificate: CERTIFICATE, database: false })).not.toThrow();
  });

  test('a domain outside the hosted zone is rejected', () => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Web', { domainName: 'api.example.org', hostedZone: zone(stack) }))
      .toThrow(/domainName must lie in the hosted zone 'example.com' \(hostedZone.zoneName\), received 'api.example.org'/);
  });

  test('the zone apex is accepted, in any case', () => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Apex', { domainName: 'Example.com', hostedZone: zone(stack), database: false })).not.toThrow();
  });
});

describe('scheduled bounds', () => {
  test('the scheduled maximum is the larger of the plan\'s and the service\'s', () => {
    const { template } = synthService({
      database: false,
      capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100 }),
      scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '2', minute: '0' }), peakRequestsPerSecond: 100 }],
    });
    // The night plan: 1 per AZ (3 to 6), but the maximum stays the service's 48.
    template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { MinSize: 3, MaxSize: 48 });
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
