import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  CapacityDistributionStrategy, CapacityPlan, CapacityReservations, DatabaseEngine, HighlyAvailableService, HighlyAvailableServiceProps,
  LoadBalancingAlgorithm, tf,
} from '../../src';
import { ServiceValidationError } from '../../src/core/base/validation';
import { TerraformResource, TerraformStack, Testing } from '../../src/tf/private/cdktf';

// The CloudFormation flavor's bad input, given to the Terraform flavor as the same values in its own
// terms (seconds for Durations, days for the backups, ids and text for CDK objects): both must reject
// it in their constructor with the same problems, since both plan through the same core.

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const CERTIFICATE_ARN = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;

// Neither flavor synthesizes here, but an App without an outdir makes a temporary one: give both apps a folder of this file's.
const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'has-tf-validation-'));
afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

function cfnStack(): Stack {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(outRoot, 'cfn-')),
    context: { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: AZS },
  });
  return new Stack(app, 'Shop', { env: { account: ACCOUNT, region: REGION } });
}

function tfStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app({ outdir: fs.mkdtempSync(path.join(outRoot, 'tf-')) }), 'Shop');
  new tf.AwsProvider(stack, 'aws', { region: REGION });
  return stack;
}

/** The validation error a constructor throws: its message and its problems (fails the test for any other outcome). */
function rejection(construct: () => unknown): { message: string; problems: string[] } {
  try {
    construct();
  } catch (e) {
    expect(e).toBeInstanceOf(ServiceValidationError);
    const error = e as ServiceValidationError;
    return { message: error.message, problems: error.problems };
  }
  throw new Error('the construct accepted the input');
}

function rejectCfn(props: (stack: Stack) => HighlyAvailableServiceProps) {
  const stack = cfnStack();
  return rejection(() => new HighlyAvailableService(stack, 'Api', props(stack)));
}

/** The Terraform flavor's rejection; nothing it would create (no resource) is left in the stack. */
function rejectTf(props: tf.HighlyAvailableServiceProps) {
  const stack = tfStack();
  const result = rejection(() => new tf.HighlyAvailableService(stack, 'Api', { availabilityZones: AZS, ...props }));
  expect(stack.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
  return result;
}

/** A well-formed subnet id, its tier and index readable in it (p, q, i map to hex digits). */
const subnetId = (tier: string, i: number) => `subnet-0${{ p: 'a', q: 'b', i: 'c' }[tier]}00000${i}`;
const demand = () => CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100 });
const cron8 = () => autoscaling.Schedule.cron({ hour: '8', minute: '0' });
const certificate = (stack: Stack) => acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN);
const zone = (stack: Stack) => route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });

interface Case {
  /** The CloudFormation props. */
  readonly cfn: (stack: Stack) => HighlyAvailableServiceProps;
  /** The same input for the Terraform flavor. */
  readonly tf: tf.HighlyAvailableServiceProps;
  /** What the problem says (the prop, the value, the range), as the CloudFormation tests expect. */
  readonly message: RegExp;
}

/** Input both flavors take as it is. */
const same = (props: HighlyAvailableServiceProps & tf.HighlyAvailableServiceProps, message: RegExp): Case => ({
  cfn: () => props, tf: props, message,
});

const BAD_INPUT: Array<[string, Case]> = [
  // ---- durations: numbers of seconds instead of Durations ----
  ['a health-check interval of 3 s', {
    cfn: () => ({ healthCheckInterval: Duration.seconds(3) }),
    tf: { healthCheckInterval: 3 },
    message: /^healthCheckInterval must be between 5 and 300 seconds, received 3 seconds$/,
  }],
  ['a health-check interval above 300 s', {
    cfn: () => ({ healthCheckInterval: Duration.seconds(301) }),
    tf: { healthCheckInterval: 301 },
    message: /^healthCheckInterval must be between 5 and 300 seconds, received 301 seconds$/,
  }],
  ['a health-check timeout larger than the interval', {
    cfn: () => ({ healthCheckInterval: Duration.seconds(10), healthCheckTimeout: Duration.seconds(20) }),
    tf: { healthCheckInterval: 10, healthCheckTimeout: 20 },
    message: /^healthCheckTimeout must be below healthCheckInterval \(10 seconds\), received 20 seconds$/,
  }],
  ['a health-check timeout equal to the interval', {
    cfn: () => ({ healthCheckInterval: Duration.seconds(10), healthCheckTimeout: Duration.seconds(10) }),
    tf: { healthCheckInterval: 10, healthCheckTimeout: 10 },
    message: /^healthCheckTimeout must be below healthCheckInterval \(10 seconds\), received 10 seconds$/,
  }],
  ['a health-check timeout below 2 s', {
    cfn: () => ({ healthCheckTimeout: Duration.seconds(1) }),
    tf: { healthCheckTimeout: 1 },
    message: /^healthCheckTimeout must be between 2 and 120 seconds, received 1 seconds$/,
  }],
  ['a fractional timeout', {
    cfn: () => ({ healthCheckTimeout: Duration.millis(2500) }),
    tf: { healthCheckTimeout: 2.5 },
    message: /^healthCheckTimeout must be a whole number between 2 and 120 seconds, received 2.5$/,
  }],
  ['a fractional deregistration delay', {
    cfn: () => ({ deregistrationDelay: Duration.millis(1500) }),
    tf: { deregistrationDelay: 1.5 },
    message: /^deregistrationDelay must be a whole number between 0 and 3600 seconds, received 1.5$/,
  }],
  ['a fractional grace period', {
    cfn: () => ({ healthCheckGracePeriod: Duration.millis(90500) }),
    tf: { healthCheckGracePeriod: 90.5 },
    message: /^healthCheckGracePeriod must be a whole number .*received 90.5$/,
  }],
  ['a deregistration delay above 3600 s', {
    cfn: () => ({ deregistrationDelay: Duration.seconds(3601) }),
    tf: { deregistrationDelay: 3601 },
    message: /^deregistrationDelay must be between 0 and 3600 seconds, received 3601 seconds$/,
  }],
  ['slow start with weighted random', {
    cfn: () => ({ slowStart: Duration.seconds(60), loadBalancingAlgorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM }),
    tf: { slowStart: 60, loadBalancingAlgorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM },
    message: /^slowStart cannot be combined with loadBalancingAlgorithm WEIGHTED_RANDOM \(received slowStart 60 seconds\): use ROUND_ROBIN or LEAST_OUTSTANDING_REQUESTS, or drop slowStart$/,
  }],
  ['slow start below 30 s', {
    cfn: () => ({ slowStart: Duration.seconds(10) }),
    tf: { slowStart: 10 },
    message: /^slowStart must be between 30 and 900 seconds, received 10 seconds$/,
  }],
  ['a grace period above 2 hours', {
    cfn: () => ({ healthCheckGracePeriod: Duration.hours(3) }),
    tf: { healthCheckGracePeriod: 10800 },
    message: /^healthCheckGracePeriod must be between 0 and 7200 seconds, received 10800 seconds$/,
  }],
  ['an experiment of 90 seconds', {
    cfn: () => ({ faultInjectionDuration: Duration.seconds(90) }),
    tf: { faultInjectionDuration: 90 },
    message: /^faultInjectionDuration must be whole minutes, received 90 seconds$/,
  }],
  ['an experiment of a day', {
    cfn: () => ({ faultInjectionDuration: Duration.days(1) }),
    tf: { faultInjectionDuration: 86400 },
    message: /^faultInjectionDuration must be between 60 and 43200 seconds, received 86400 seconds$/,
  }],
  // ---- backups: days instead of a Duration ----
  ['backup retention of 0 days', {
    cfn: () => ({ databaseBackupRetention: Duration.days(0) }),
    tf: { databaseBackupRetention: 0 },
    message: /^databaseBackupRetention must be between 1 and 35 days, received 0 days$/,
  }],
  ['backup retention of 36 days', {
    cfn: () => ({ databaseBackupRetention: Duration.days(36) }),
    tf: { databaseBackupRetention: 36 },
    message: /^databaseBackupRetention must be between 1 and 35 days, received 36 days$/,
  }],
  ['backup retention of part of a day', {
    cfn: () => ({ databaseBackupRetention: Duration.hours(36) }),
    tf: { databaseBackupRetention: 1.5 },
    message: /^databaseBackupRetention must be a whole number between 1 and 35 days, received 1.5$/,
  }],
  // ---- the health check, the network, the fleet ----
  ['a health-check path without /', same({ healthCheckPath: 'health' }, /^healthCheckPath must start with '\/'.*received "health"$/)],
  ['a health-check path with a quote', same({ healthCheckPath: "/health'; reboot; '" }, /^healthCheckPath must start with '\/'.*received "\/health'; reboot; '"$/)],
  ['a health-check path with a space', same({ healthCheckPath: '/he alth' }, /^healthCheckPath .* received "\/he alth"$/)],
  ['a health-check path over 1024 characters', same({ healthCheckPath: `/${'a'.repeat(1024)}` }, /^healthCheckPath must start with '\/' and hold at most 1024/)],
  ['a healthy threshold below 2', same({ healthyThresholdCount: 1 }, /^healthyThresholdCount must be between 2 and 10, received 1$/)],
  ['an unhealthy threshold above 10', same({ unhealthyThresholdCount: 11 }, /^unhealthyThresholdCount must be between 2 and 10, received 11$/)],
  ['fewer than 2 AZs', same({ maxAzs: 1 }, /^maxAzs must be between 2 and 64 AZs, received 1 AZs$/)],
  ['min capacity above max', same({ minCapacity: 6, maxCapacity: 4 }, /^minCapacity \(6\) must not be greater than maxCapacity \(4\)$/)],
  ['min capacity below one per AZ', same({ minCapacity: 2 }, /^minCapacity must be at least one instance per Availability Zone \(3\), received 2$/)],
  ['fractional capacity', same({ minCapacity: 3.5 }, /^minCapacity must be a whole number of instances, at least 1, received 3.5$/)],
  ['app port 0', same({ appPort: 0 }, /^appPort must be between 1 and 65535, received 0$/)],
  ['app port above 65535', same({ appPort: 70000 }, /^appPort must be between 1 and 65535, received 70000$/)],
  ['a CPU target above 100 %', same({ cpuTargetUtilizationPercent: 120 }, /^cpuTargetUtilizationPercent must be between 1 and 100 percent, received 120 percent$/)],
  ['a malformed CIDR', same({ allowedCidrs: ['10.0.0.0/33'] }, /^allowedCidrs must hold IPv4 CIDR blocks such as 203.0.113.0\/24, received '10.0.0.0\/33'$/)],
  ['no CIDR', same({ allowedCidrs: [] }, /^allowedCidrs must list at least one IPv4 CIDR block, received an empty list$/)],
  ['a 4 GiB root volume', same({ rootVolumeSizeGiB: 4 }, /^rootVolumeSizeGiB must be between 8 and 16384 GiB, received 4 GiB$/)],
  ['a root device name without /dev/', same({ rootDeviceName: 'xvda' }, /^rootDeviceName must be a device path such as \/dev\/xvda, received 'xvda'$/)],
  ['a root device name with a quote', same({ rootDeviceName: "/dev/xvda'; reboot" }, /^rootDeviceName must be a device path .*received '\/dev\/xvda'; reboot'$/)],
  // ---- instance types: names instead of ec2.InstanceType ----
  ['instance types of two architectures', {
    cfn: () => ({ instanceTypes: [new ec2.InstanceType('c7g.large'), new ec2.InstanceType('c7i.large')] }),
    tf: { instanceTypes: ['c7g.large', 'c7i.large'] },
    message: /^instanceTypes must share one processor architecture .*received c7g.large \(arm64\), c7i.large \(x86_64\)$/,
  }],
  ['no instance type', { cfn: () => ({ instanceTypes: [] }), tf: { instanceTypes: [] }, message: /^instanceTypes must list between 1 and 40 instance types, received 0$/ }],
  ['an instance type EC2 does not have', {
    cfn: () => ({ instanceTypes: [new ec2.InstanceType('c7i.hugee')] }),
    tf: { instanceTypes: ['c7i.hugee'] },
    message: /^instanceTypes\[0\] 'c7i.hugee' is not an EC2 instance type: c7i comes in large, xlarge, /,
  }],
  ['a name that is no instance type', {
    cfn: () => ({ instanceType: new ec2.InstanceType('banana') }),
    tf: { instanceType: 'banana' },
    message: /^instanceType 'banana' is not an EC2 instance type: a name is <family>.<size>/,
  }],
  // JavaScript and tsx do not type-check: a misspelled prop would otherwise be ignored.
  ['a misspelled prop', same({ minCapcity: 6 } as unknown as HighlyAvailableServiceProps & tf.HighlyAvailableServiceProps, /^props has no prop 'minCapcity' \(did you mean minCapacity\?\)$/)],
  ['a repeated instance type', {
    cfn: () => ({ instanceTypes: [new ec2.InstanceType('c7i.large'), new ec2.InstanceType('c7i.large')] }),
    tf: { instanceTypes: ['c7i.large', 'c7i.large'] },
    message: /^instanceTypes must not repeat a type, received c7i.large, c7i.large$/,
  }],
  ['instanceType with instanceTypes', {
    cfn: () => ({ instanceType: new ec2.InstanceType('c7i.large'), instanceTypes: [new ec2.InstanceType('c6i.large')] }),
    tf: { instanceType: 'c7i.large', instanceTypes: ['c6i.large'] },
    message: /^instanceType and instanceTypes exclude each other/,
  }],
  // ---- capacity and schedules: cron text instead of autoscaling.Schedule ----
  ['a demand plan beyond the private subnets', {
    cfn: () => ({ capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 100_000, requestsPerSecondPerInstance: 10 }) }),
    tf: { capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 100_000, requestsPerSecondPerInstance: 10 }) },
    message: /^capacity \(CapacityPlan.fromDemand: .*\) needs up to 42858 instances, 21429 in one AZ after losing another, more than the 4091 addresses/,
  }],
  ['a fixed plan beyond the private subnets', {
    cfn: () => ({ capacity: CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 9000 }) }),
    tf: { capacity: CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 9000 }) },
    message: /^capacity \(CapacityPlan.fixed: minCapacity 3, maxCapacity 9000\) needs up to 9000 instances, 4500 in one AZ after losing another, .* \(\/20\) of the service's VPC: lower the peak or raise the per-instance rate$/,
  }],
  ['a scheduled peak beyond the private subnets', {
    cfn: () => ({ capacity: demand(), scheduledDemand: [{ schedule: cron8(), peakRequestsPerSecond: 500_000 }] }),
    tf: { capacity: demand(), scheduledDemand: [{ schedule: '0 8 * * *', peakRequestsPerSecond: 500_000 }] },
    message: /^scheduledDemand\[0\].peakRequestsPerSecond 500000 needs up to \d+ instances, \d+ in one AZ after losing another, more than the 4091 addresses/,
  }],
  ['a scheduled peak of 0', {
    cfn: () => ({ capacity: demand(), scheduledDemand: [{ schedule: cron8(), peakRequestsPerSecond: 0 }] }),
    tf: { capacity: demand(), scheduledDemand: [{ schedule: '0 8 * * *', peakRequestsPerSecond: 0 }] },
    message: /^scheduledDemand\[0\].peakRequestsPerSecond must be a number above 0, received 0$/,
  }],
  ['a scheduled time zone that does not exist', {
    cfn: () => ({ capacity: demand(), scheduledDemand: [{ schedule: cron8(), peakRequestsPerSecond: 2000, timeZone: 'Europe/Atlantis' }] }),
    tf: { capacity: demand(), scheduledDemand: [{ schedule: '0 8 * * *', peakRequestsPerSecond: 2000, timeZone: 'Europe/Atlantis' }] },
    message: /^scheduledDemand\[0\].timeZone must be an IANA time zone such as Europe\/Paris, received "Europe\/Atlantis"$/,
  }],
  ['scheduled demand without a demand plan', {
    cfn: () => ({ scheduledDemand: [{ schedule: cron8(), peakRequestsPerSecond: 2000 }] }),
    tf: { scheduledDemand: [{ schedule: '0 8 * * *', peakRequestsPerSecond: 2000 }] },
    message: /^scheduledDemand needs capacity from CapacityPlan.fromDemand/,
  }],
  // ---- the database ----
  ['more than 15 readers', same({ databaseReaders: 16 }, /^databaseReaders must be between 0 and 15 readers, received 16 readers$/)],
  ['readers on a Multi-AZ instance', same({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, databaseReaders: 1 },
    /^databaseReaders applies to Aurora engines only.*received databaseReaders 1/)],
  ['reader scaling below the planned readers', same({ databaseReaders: 2, databaseMaxReaders: 1 }, /^databaseReaders \(2\) must not be greater than databaseMaxReaders \(1\)$/)],
  ['a proxy without a database', same({ database: false, databaseProxy: true }, /^databaseProxy needs a database; received databaseProxy: true with database: false$/)],
  ['a database name with a dash', same({ databaseName: 'my-app' }, /^databaseName must start with a letter.*received 'my-app'$/)],
  ['a database name with a quote', same({ databaseName: 'app"; DROP' }, /^databaseName must start with a letter.*received 'app"; DROP'$/)],
  ['database settings without a database', same({ database: false, databaseEngine: DatabaseEngine.AURORA_MYSQL }, /^databaseEngine and databaseReaders need a database/)],
  // ---- alarms, experiments, firewall, cache ----
  ['a malformed alarm email', same({ alarmEmails: ['oncall'] }, /^alarmEmails must hold email addresses such as oncall@example.com, received 'oncall'$/)],
  ['an alarm email with a quote', same({ alarmEmails: ["o'ncall@example.com\"; x"] }, /^alarmEmails must hold email addresses .*received 'o'ncall@example.com"; x'$/)],
  ['experiments without the alarm that stops them', same({ faultInjection: true, alarms: false }, /^faultInjection needs the service-health alarm/)],
  ['an experiment AZ outside the service', same({ faultInjectionAvailabilityZone: "eu-west-1a'; rm -rf /" },
    /^faultInjectionAvailabilityZone must be one of the service's AZs \(eu-west-1a, eu-west-1b, eu-west-1c\), received 'eu-west-1a'; rm -rf \/'$/)],
  ['a rate limit of 5', same({ webAclRateLimit: 5 }, /^webAclRateLimit must be between 10 and 2000000000 requests per 5 minutes, received 5 requests per 5 minutes$/)],
  ['a web ACL ARN that is not one', same({ webAclArn: 'arn:aws:s3:::bucket' }, /^webAclArn must be the ARN of a regional WAFv2 web ACL .* received 'arn:aws:s3:::bucket'$/)],
  ['more cache nodes than AZs', same({ cacheNodes: 4 }, /^cacheNodes must not exceed the service's 3 AZs.*received 4 nodes/)],
  ['a cache node type that is not one', same({ cacheNodeType: 'r7g.large' }, /^cacheNodeType takes the node type with its 'cache.' prefix: give 'cache.r7g.large', received 'r7g.large'$/)],
  ['a cache node type with a quote', same({ cacheNodeType: "cache.m7g.large' --" }, /^cacheNodeType 'cache.m7g.large' --' is not an ElastiCache node type: cache.m7g comes in large, .*\)$/)],
  // ---- the domain: a certificate ARN and a zone id and name instead of CDK objects ----
  ['a domain outside the hosted zone', {
    cfn: (stack) => ({ domainName: 'api.example.org', hostedZone: zone(stack) }),
    tf: { domainName: 'api.example.org', hostedZoneId: 'Z123', hostedZoneName: 'example.com' },
    message: /^domainName must lie in the hosted zone 'example.com' \((hostedZone\.zoneName|hostedZoneName)\), received 'api.example.org'$/,
  }],
  ['a domain too long for the certificate the service requests', {
    cfn: (stack) => ({ domainName: `${'a'.repeat(60)}.example.com`, hostedZone: zone(stack) }),
    tf: { domainName: `${'a'.repeat(60)}.example.com`, hostedZoneId: 'Z123', hostedZoneName: 'example.com' },
    message: /^domainName must be a DNS name .* at most 64 characters for the certificate the service requests\), received/,
  }],
  ['a domain with a space', {
    cfn: (stack) => ({ domainName: 'api example.com', certificate: certificate(stack) }),
    tf: { domainName: 'api example.com', certificateArn: CERTIFICATE_ARN },
    message: /^domainName must be a DNS name such as api.example.com .*received "api example.com"$/,
  }],
  ['a domain with a quote', {
    cfn: (stack) => ({ domainName: "api.example.com'; x", certificate: certificate(stack) }),
    tf: { domainName: "api.example.com'; x", certificateArn: CERTIFICATE_ARN },
    message: /^domainName must be a DNS name .*received "api.example.com'; x"$/,
  }],
  ['a domain with a trailing dot', {
    cfn: (stack) => ({ domainName: 'api.example.com.', certificate: certificate(stack) }),
    tf: { domainName: 'api.example.com.', certificateArn: CERTIFICATE_ARN },
    message: /^domainName must be a DNS name .*received "api.example.com."$/,
  }],
  ['a domain label over 63 characters', {
    cfn: (stack) => ({ domainName: `${'a'.repeat(64)}.example.com`, certificate: certificate(stack) }),
    tf: { domainName: `${'a'.repeat(64)}.example.com`, certificateArn: CERTIFICATE_ARN },
    message: /^domainName must be a DNS name/,
  }],
  ['a domain with no way to get a certificate', same({ domainName: 'api.example.com' }, /^domainName 'api.example.com' needs a hostedZone .* or a certificate, received neither$/)],
  // ---- capacity you can count on when an AZ fails ----
  ['reserved load balancer capacity below 100 units', same({ loadBalancerCapacityUnits: 50 },
    /^loadBalancerCapacityUnits must be 0 \(no reservation\) or a whole number of load balancer capacity units from 100 .* received 50$/)],
  ['an AZ distribution strategy that is not one', same({ capacityDistributionStrategy: 'balanced' as CapacityDistributionStrategy },
    /^capacityDistributionStrategy must be one of CapacityDistributionStrategy.BALANCED_ONLY \('balanced-only'\), CapacityDistributionStrategy.BALANCED_BEST_EFFORT \('balanced-best-effort'\), received "balanced"$/)],
  ['capacity reservations of a resource group in another Region', same({
    capacityReservations: CapacityReservations.fromResourceGroup(`arn:aws:resource-groups:us-east-1:${ACCOUNT}:group/r`, 2),
  }, /^capacityReservations.resourceGroupArn must be in the service's Region eu-west-1, received one in us-east-1$/)],
  ['a negative warm pool', same({ warmPool: { minSize: -1 } }, /^warmPool.minSize must be a whole number of instances, at least 0, received -1$/)],
  // ---- user data: text instead of ec2.UserData ----
  ['user data that is not a shell script', {
    cfn: () => ({ userData: ec2.UserData.custom('echo "hello"; reboot\nsecond line') }),
    tf: { userData: 'echo "hello"; reboot\nsecond line' },
    message: /^userData must be a shell script .*received one starting "echo \\"hello\\"; reboot"; set signalOnHealthy: false to go without$/,
  }],
  ['user data whose first line is long', {
    cfn: () => ({ userData: ec2.UserData.custom(`echo ${'x'.repeat(60)}`) }),
    tf: { userData: `echo ${'x'.repeat(60)}` },
    message: /^userData must be a shell script .*received one starting "echo x{35}"/,
  }],
];

/** A CloudFormation problem as the Terraform construct words it: its own prop names, its own way to write a script. */
function inTerraformTerms(problem: string): string {
  return problem
    .replace(/needs a hostedZone (.*) or a certificate, received neither$/, 'needs a hostedZoneId $1 or a certificateArn, received neither')
    .replace('(ec2.UserData.forLinux())', '(text starting with #!)')
    .replace(/^vpc must/, 'vpcId must')
    .replace(/together with vpc$/, 'together with vpcId')
    .replace('(hostedZone.zoneName)', '(hostedZoneName)');
}

describe('the Terraform flavor rejects the CloudFormation flavor\'s bad input with the same problems', () => {
  test.each(BAD_INPUT)('%s', (_name, { cfn, tf: tfProps, message }) => {
    const expected = rejectCfn(cfn);
    const actual = rejectTf(tfProps);
    // One problem, the one the CloudFormation tests expect, named by the same construct path.
    expect(expected.problems).toEqual([expect.stringMatching(message)]);
    expect(actual.problems).toEqual(expected.problems.map(inTerraformTerms));
    expect(actual.message).toBe(`Shop/Api: ${inTerraformTerms(expected.problems[0])}`);
  });

  test('several mistakes at once are reported in one error, in the same order', () => {
    const expected = rejectCfn(() => ({
      healthCheckInterval: Duration.seconds(3),
      minCapacity: 6,
      maxCapacity: 4,
      instanceTypes: [new ec2.InstanceType('c7g.large'), new ec2.InstanceType('c7i.large')],
      alarmEmails: ['oncall'],
      webAclRateLimit: 5,
      healthCheckPath: "/health'",
    }));
    const actual = rejectTf({
      healthCheckInterval: 3,
      minCapacity: 6,
      maxCapacity: 4,
      instanceTypes: ['c7g.large', 'c7i.large'],
      alarmEmails: ['oncall'],
      webAclRateLimit: 5,
      healthCheckPath: "/health'",
    });
    expect(expected.problems).toHaveLength(6);
    for (const prop of ['healthCheckInterval', 'minCapacity', 'instanceTypes', 'alarmEmails', 'webAclRateLimit', 'healthCheckPath']) {
      expect(expected.problems.filter((p) => p.startsWith(prop))).toHaveLength(1);
    }
    expect(actual.problems).toEqual(expected.problems);
    expect(actual.message).toBe(expected.message);
    expect(actual.message).toBe(`Shop/Api: 6 problems:\n${expected.problems.map((p) => `  - ${p}`).join('\n')}`);
  });

  test('maxAzs 1 with the AZs looked up by the data source (no availabilityZones) is rejected alike', () => {
    const expected = rejectCfn(() => ({ maxAzs: 1 }));
    const actual = rejectTf({ availabilityZones: undefined, maxAzs: 1 });
    expect(actual.problems).toEqual(expected.problems);
    expect(actual.message).toBe(expected.message);
  });

  test('the same input that is fine for one is fine for the other', () => {
    // The edges of the ranges above, accepted by both.
    const cfnProps = {
      healthCheckInterval: Duration.seconds(5),
      healthCheckTimeout: Duration.seconds(4),
      deregistrationDelay: Duration.seconds(0),
      databaseBackupRetention: Duration.days(35),
      databaseReaders: 15,
      webAclRateLimit: 10,
      instanceTypes: [new ec2.InstanceType('c7g.large')],
    };
    const tfProps = {
      healthCheckInterval: 5,
      healthCheckTimeout: 4,
      deregistrationDelay: 0,
      databaseBackupRetention: 35,
      databaseReaders: 15,
      webAclRateLimit: 10,
      instanceTypes: ['c7g.large'],
    };
    expect(() => new HighlyAvailableService(cfnStack(), 'Api', cfnProps)).not.toThrow();
    expect(() => new tf.HighlyAvailableService(tfStack(), 'Api', { availabilityZones: AZS, ...tfProps })).not.toThrow();
  });
});

describe('an existing VPC: the CloudFormation flavor\'s ec2.Vpc, the Terraform flavor\'s ids', () => {
  const subnets = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => subnetId(prefix, i));

  test('a VPC in one AZ is rejected alike', () => {
    const stack = cfnStack();
    const vpc = new ec2.Vpc(stack, 'OneAz', { maxAzs: 1 });
    const expected = rejection(() => new HighlyAvailableService(stack, 'Api', { vpc, database: false }));
    const actual = rejectTf({
      vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'], publicSubnetIds: subnets('p', 1), privateSubnetIds: subnets('q', 1), database: false,
    });
    expect(expected.problems).toEqual([expect.stringMatching(/^vpc must span at least 2 Availability Zones to survive the loss of one, received a VPC with 1$/)]);
    expect(actual.problems).toEqual(expected.problems.map(inTerraformTerms));
  });

  test('a VPC without isolated subnets is rejected alike, unless the service is stateless', () => {
    const stack = cfnStack();
    const vpc = new ec2.Vpc(stack, 'NoIsolated', { maxAzs: 2 });
    const expected = rejection(() => new HighlyAvailableService(stack, 'Api', { vpc }));
    const tfProps = { vpcId: 'vpc-0123456789abcdef0', availabilityZones: AZS.slice(0, 2), publicSubnetIds: subnets('p', 2), privateSubnetIds: subnets('q', 2) };
    const actual = rejectTf(tfProps);
    expect(expected.problems).toEqual([
      'vpc must have isolated subnets (for the database), received a VPC with none: give it a PRIVATE_ISOLATED subnet group; or set database: false',
    ]);
    // The Terraform flavor names the prop the user left out.
    expect(actual.problems).toEqual(['isolatedSubnetIds must list the isolated subnets (for the database) of vpcId, one per AZ, received none; or set database: false']);
    expect(() => new HighlyAvailableService(stack, 'Stateless', { vpc, database: false })).not.toThrow();
    expect(() => new tf.HighlyAvailableService(tfStack(), 'Api', { ...tfProps, database: false })).not.toThrow();
  });

  test('maxAzs with a VPC is rejected alike', () => {
    const stack = cfnStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 3,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const expected = rejection(() => new HighlyAvailableService(stack, 'Api', { vpc, maxAzs: 3 }));
    const actual = rejectTf({
      vpcId: 'vpc-0123456789abcdef0', maxAzs: 3, publicSubnetIds: subnets('p', 3), privateSubnetIds: subnets('q', 3), isolatedSubnetIds: subnets('i', 3),
    });
    expect(expected.problems).toEqual([expect.stringMatching(/^maxAzs applies only to the VPC the service creates/)]);
    expect(actual.problems).toEqual(expected.problems.map(inTerraformTerms));
  });
});

describe('Terraform-only input', () => {
  test('subnet lists whose length differs from availabilityZones name each list, in one error', () => {
    const { problems } = rejectTf({
      vpcId: 'vpc-0123456789abcdef0', publicSubnetIds: [subnetId('p', 1), subnetId('p', 2)], privateSubnetIds: [subnetId('q', 1), subnetId('q', 2), subnetId('q', 3)], isolatedSubnetIds: [subnetId('i', 1)],
    });
    expect(problems).toEqual([
      'publicSubnetIds must list one subnet per AZ of availabilityZones (3), received 2',
      'isolatedSubnetIds must list one subnet per AZ of availabilityZones (3), received 1',
    ]);
  });

  test('subnet lists of the right length are accepted', () => {
    const ids = (prefix: string) => AZS.map((_, i) => subnetId(prefix, i));
    const stack = tfStack();
    expect(() => new tf.HighlyAvailableService(stack, 'Api', {
      vpcId: 'vpc-0123456789abcdef0', availabilityZones: AZS, publicSubnetIds: ids('p'), privateSubnetIds: ids('q'), isolatedSubnetIds: ids('i'),
    })).not.toThrow();
  });

  test('a schedule that is not a cron expression, rejected alike (the CloudFormation flavor checks the Schedule\'s expression)', () => {
    const { problems } = rejectTf({ capacity: demand(), scheduledDemand: [{ schedule: 'every day', peakRequestsPerSecond: 2000 }] });
    expect(problems).toEqual([
      'scheduledDemand[0].schedule must be a cron expression of five fields (minute hour day-of-month month day-of-week), such as "0 8 * * 1-5", received "every day"',
    ]);
    const cfn = rejectCfn(() => ({
      capacity: demand(), scheduledDemand: [{ schedule: autoscaling.Schedule.expression('every day'), peakRequestsPerSecond: 2000 }],
    }));
    expect(cfn.problems).toEqual(problems);
  });

  test('an AZ named twice, or of another region, is rejected: the plan would count an AZ it does not have', () => {
    expect(rejectTf({ availabilityZones: ['eu-west-1a', 'eu-west-1a', 'eu-west-1b'] }).problems)
      .toEqual(['availabilityZones must name each AZ once, received eu-west-1a, eu-west-1a, eu-west-1b']);
    expect(rejectTf({ availabilityZones: ['eu-west-1a', 'us-east-1b', 'eu-west-1c'] }).problems)
      .toEqual(['availabilityZones must be AZs of the region eu-west-1, received us-east-1b']);
  });

  test('vpcId without availabilityZones says that it needs them, once', () => {
    const stack = tfStack();
    const { problems } = rejection(() => new tf.HighlyAvailableService(stack, 'Api', {
      vpcId: 'vpc-0123456789abcdef0', publicSubnetIds: [subnetId('p', 1), subnetId('p', 2)], privateSubnetIds: [subnetId('q', 1), subnetId('q', 2)], isolatedSubnetIds: [subnetId('i', 1), subnetId('i', 2)],
    }));
    expect(problems).toEqual(['availabilityZones must list the AZs of the given subnets, in their order, with vpcId; received none']);
  });

  test('a malformed instance type', () => {
    const { problems } = rejectTf({ instanceTypes: ['large'] });
    expect(problems).toEqual([expect.stringMatching(/^instanceTypes\[0\] 'large' is not an EC2 instance type: a name is <family>.<size>, e.g. c7i.large, as in EC2's list \(Amazon EC2 API/)]);
  });

  test('user data not starting with #! is fine without the launch health gate', () => {
    expect(() => new tf.HighlyAvailableService(tfStack(), 'Api', { availabilityZones: AZS, userData: 'echo hi', signalOnHealthy: false })).not.toThrow();
  });
});

describe('references to existing resources are checked at synth, each naming its prop', () => {
  const hostile = 'x\'; rm -rf / #"';
  test.each<[string, tf.HighlyAvailableServiceProps, string]>([
    ['an AMI id', { machineImageId: 'ubuntu-22.04' }, 'machineImageId must be an AMI id (ami- and 8 or 17 hex digits), received "ubuntu-22.04"'],
    ['an SSM parameter name', { machineImageParameter: hostile }, `machineImageParameter must be an SSM parameter name (letters, digits, _ . - and /), received ${JSON.stringify(hostile)}`],
    ['a certificate ARN', { certificateArn: 'arn:aws:acm:eu-west-1:123:certificate/x' },
      'certificateArn must be the ARN of an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>), received "arn:aws:acm:eu-west-1:123:certificate/x"'],
    ['a hosted zone id', { domainName: 'api.example.com', hostedZoneId: 'example.com' },
      'hostedZoneId must be a Route 53 hosted zone id (Z and up to 31 upper-case letters or digits), received "example.com"'],
    ['a topic ARN', { alarmTopicArn: 'oncall' }, 'alarmTopicArn must be the ARN of a standard SNS topic (arn:aws:sns:<region>:<account>:<name>), received "oncall"'],
    ['a bucket name', { accessLogsBucket: 'My_Logs' }, 'accessLogsBucket must be an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens), received "My_Logs"'],
  ])('%s', (_name, props, problem) => {
    expect(rejectTf(props).problems).toEqual([problem]);
  });

  test('a VPC and its subnets, each subnet by its index; all mistakes in one error', () => {
    const { problems } = rejectTf({
      vpcId: 'vpc-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetIds: ['subnet-0123456789abcdef0', 'subnet-b'],
      privateSubnetIds: ['subnet-0123456789abcdef1', 'subnet-01234567'],
      isolatedSubnetIds: ['subnet-0123456789abcdef2', `subnet-${hostile}`],
    });
    expect(problems).toEqual([
      'vpcId must be a VPC id (vpc- and 8 or 17 hex digits), received "vpc-1"',
      'publicSubnetIds[1] must be a subnet id (subnet- and 8 or 17 hex digits), received "subnet-b"',
      `isolatedSubnetIds[1] must be a subnet id (subnet- and 8 or 17 hex digits), received ${JSON.stringify(`subnet-${hostile}`)}`,
    ]);
  });

  test('an AMI given twice over, as an id and as a parameter', () => {
    expect(rejectTf({ machineImageId: 'ami-0123456789abcdef0', machineImageParameter: '/golden/ami' }).problems)
      .toEqual(['machineImageId and machineImageParameter both choose the same thing: give one; received both']);
  });

  test('well-formed references pass', () => {
    expect(() => new tf.HighlyAvailableService(tfStack(), 'Api', {
      availabilityZones: AZS,
      machineImageParameter: '/golden/ami/latest',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:oncall',
      accessLogsBucket: 'shop.alb-logs-2026',
    })).not.toThrow();
  });
});

describe('the provider block', () => {
  test('a region that is not a region name, and tags AWS refuses, fail at synth naming the prop', () => {
    const stack = new TerraformStack(Testing.app({ outdir: fs.mkdtempSync(path.join(outRoot, 'tf-')) }), 'Shop');
    const { problems } = rejection(() => new tf.AwsProvider(stack, 'aws', { region: 'eu-west-1\'; rm -rf /', defaultTags: { 'aws:owner': 'me', 'team': 'x'.repeat(300) } }));
    expect(problems).toEqual([
      'region must be an AWS region name such as eu-west-1, received "eu-west-1\'; rm -rf /"',
      'defaultTags must have keys of 1 to 128 characters not starting with aws: and values of at most 256, received "aws:owner": "me"',
      `defaultTags must have keys of 1 to 128 characters not starting with aws: and values of at most 256, received "team": "${'x'.repeat(40)}..."`,
    ]);
  });

  test('regions of every partition pass', () => {
    const stack = new TerraformStack(Testing.app({ outdir: fs.mkdtempSync(path.join(outRoot, 'tf-')) }), 'Shop');
    for (const [i, region] of ['eu-west-1', 'us-gov-west-1', 'cn-northwest-1', 'ap-southeast-5'].entries()) {
      expect(() => new tf.AwsProvider(stack, `aws${i}`, { region, alias: `a${i}` })).not.toThrow();
    }
  });
});
