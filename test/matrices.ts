import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  CapacityDistributionStrategy, CapacityPlan, CapacityReservations, DatabaseEngine, HighlyAvailableService, HighlyAvailableServiceProps,
  ImpairedZoneHealthCheck, LoadBalancingAlgorithm, PredictiveScalingMode, tf,
} from '../src';

// The configuration matrices the tests synthesize: the compliance matrix (every engine and
// topology, CloudFormation) and the parity matrix (each configuration in both flavors). Several
// test files read them: the compliance checks, the parity comparison, and what AWS and the
// Terraform provider enforce at deployment (deploys.test.ts).

export const FULLY_CONFIGURED = (stack: Stack): HighlyAvailableServiceProps => ({
  domainName: 'api.example.com',
  hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' }),
  allowedCidrs: ['203.0.113.0/24'],
  loadBalancingAlgorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS,
  slowStart: Duration.seconds(60),
  capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }),
  scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 3000, timeZone: 'Europe/Paris' }],
  predictiveScaling: PredictiveScalingMode.FORECAST_AND_SCALE,
  databaseEngine: DatabaseEngine.AURORA_MYSQL,
  databaseReaders: 2,
  databaseMaxReaders: 4,
  databaseProxy: true,
  cache: true,
  alarmEmails: ['oncall@example.com'],
  zonalAutoshift: { blockedWindows: ['Mon:18:30-Mon:19:30'] },
  // Capacity it can count on when an AZ fails: reserved LCUs (opt-in, the 100 the plan sizes), capacity reservations, a warm pool.
  loadBalancerCapacityUnits: 100,
  capacityReservations: CapacityReservations.fromResourceGroup('arn:aws:resource-groups:eu-west-1:111111111111:group/shop-reservations', 9),
  warmPool: {},
  // Objectives: burn-rate alarms into service health, and Application Signals SLOs.
  slo: { availability: 99.9, latencyP99: Duration.millis(500) },
  // Outside-in probes: the canary on https://api.example.com, its bucket, key and role (it warns: allowedCidrs shuts it out),
  // and a record of the name it reads from Route 53 and probes too, as MultiRegionService sets it for each Region.
  probes: true,
  probeRecords: { hostedZoneId: 'Z123', recordName: 'api.example.com', setIdentifiers: ['eu-west-1'] },
  // The automatic zonal shift away from an outlier AZ: its function, rule and role under every check.
  outlierShift: true,
});

const NO_MONITORING = { alarms: false, dashboard: false } as const;

/**
 * Every prop the other configurations leave at its default, given a value other than its default,
 * in two services (some props exclude others: the service's own web ACL or an ARN, one instance
 * type or several). The tier tests synthesize without the CloudFormation validate rules, so this is
 * where each prop's rendering meets them (and cdk-nag, the Control Tower controls and cfn-lint);
 * compliance.test.ts checks that every prop is set in some validated configuration.
 */
export const TUNED = (stack: Stack): HighlyAvailableServiceProps => ({
  maxAzs: 2,
  internetFacing: true,
  certificate: acm.Certificate.fromCertificateArn(stack, 'TunedCertificate', 'arn:aws:acm:eu-west-1:111111111111:certificate/tuned'),
  accessLogsBucket: s3.Bucket.fromBucketName(stack, 'TunedLogs', 'shop-access-logs-111111111111'),
  cache: true,
  cacheNodeType: 'cache.m7g.large',
  cacheNodes: 2,
  webAcl: true,
  webAclRateLimit: 5000,
  healthCheckPath: '/ready',
  healthCheckInterval: Duration.seconds(10),
  healthCheckTimeout: Duration.seconds(6),
  healthyThresholdCount: 3,
  unhealthyThresholdCount: 3,
  deregistrationDelay: Duration.seconds(45),
  instanceType: new ec2.InstanceType('m7g.large'),
  appPort: 8443,
  minCapacity: 4,
  maxCapacity: 12,
  healthCheckGracePeriod: Duration.minutes(5),
  cpuTargetUtilizationPercent: 40,
  rootVolumeSizeGiB: 40,
  capacityDistributionStrategy: CapacityDistributionStrategy.BALANCED_ONLY,
  zonalShift: true,
  impairedZoneHealthCheck: ImpairedZoneHealthCheck.REPLACE_UNHEALTHY,
  faultInjection: true,
  faultInjectionAvailabilityZone: 'eu-west-1b',
  faultInjectionDuration: Duration.minutes(20),
  database: true,
  databaseEngine: DatabaseEngine.AURORA_POSTGRESQL,
  databaseReaders: 1,
  databaseMaxReaders: 3,
  databaseReaderCpuTarget: 60,
  databaseInstanceType: new ec2.InstanceType('r7g.large'),
  databaseBackupRetention: Duration.days(14),
  databaseName: 'orders',
  deletionProtection: true,
  alarms: true,
  alarmOverrides: { P99ResponseTime: { threshold: 0.8, evaluationPeriods: 5, datapointsToAlarm: 4 } },
  dashboard: true,
  signalOnHealthy: true,
  crossZoneLoadBalancing: false,
  outlierShift: true,
  outlierShiftDuration: Duration.minutes(90),
});

/** The props {@link TUNED} cannot set beside its own: a web ACL by ARN, several instance types, the user's image, user data and topic. */
export const IMPORTED = (stack: Stack): HighlyAvailableServiceProps => ({
  webAclArn: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/shop/a1b2c3d4-5678-90ab-cdef-0123456789ab',
  instanceTypes: [new ec2.InstanceType('c7i.large'), new ec2.InstanceType('c6i.large')],
  machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-0a1b2c3d4e5f67890' }),
  rootDeviceName: '/dev/xvda',
  userData: ec2.UserData.forLinux(),
  alarmTopic: sns.Topic.fromTopicArn(stack, 'ImportedTopic', 'arn:aws:sns:eu-west-1:111111111111:shop-alarms'),
  database: false,
  dashboard: false,
});

/**
 * Every configuration the API offers, each engine and topology, in one stack synthesized once.
 * Beyond the first (Default), the services share its VPC: the network is the same whatever the
 * options, and cfn-guard's time grows with every resource it reads.
 */
export const COMPLIANCE_MATRIX: Record<string, (stack: Stack) => HighlyAvailableServiceProps> = {
  // These differ from the default in their database or load balancer only: their alarms and
  // dashboards (the same renderer as the default's and FullyConfigured's) are left out.
  AuroraWriterOnly: () => ({ databaseReaders: 0, ...NO_MONITORING }),
  PostgresInstance: () => ({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, databaseProxy: true, ...NO_MONITORING }),
  MysqlInstance: () => ({ databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE, ...NO_MONITORING }),
  // An internal load balancer with the default ingress: the VPC's own range (no EC23 to acknowledge).
  StatelessInternal: () => ({ database: false, internetFacing: false, ...NO_MONITORING }),
  // Aurora MySQL with 2 readers (scaling to 4) behind RDS Proxy, a cache, HTTPS with a domain, a demand plan with schedules, autoshift,
  // reserved load balancer capacity, capacity reservations and a warm pool.
  FullyConfigured: FULLY_CONFIGURED,
  // Every other prop, set (TUNED has its own VPC over 2 AZs: maxAzs applies to a VPC the service creates).
  Tuned: TUNED,
  Imported: IMPORTED,
};

/** The longest stack names CloudFormation users give: 110 characters of CloudFormation's 128. */
export const LONG_STACK_NAME = `S${'x'.repeat(109)}`;
/** A long construct id, for names derived from the construct path. */
export const LONG_ID = `Api${'y'.repeat(100)}`;
/** Construct ids other than the configuration's name: FullyConfigured, which names every resource it can, under a long path. */
const IDS: Record<string, string> = { FullyConfigured: LONG_ID };

/** The services that go in the matrix's second stack, with TUNED's VPC: one stack would pass CloudFormation's 500 resources. */
const SECOND_STACK = new Set(['Tuned', 'Imported']);

/**
 * The compliance matrix in two stacks: the default service, then each configuration in its VPC;
 * TUNED with its own VPC, and IMPORTED in that one, in the second stack. Give the first stack
 * {@link LONG_STACK_NAME}: every physical name is then tried at its longest.
 */
export function buildComplianceMatrix(stack: Stack, second: Stack): Record<string, HighlyAvailableService> {
  const services: Record<string, HighlyAvailableService> = { Default: new HighlyAvailableService(stack, 'Default') };
  for (const [name, props] of Object.entries(COMPLIANCE_MATRIX)) {
    const scope = SECOND_STACK.has(name) ? second : stack;
    const p = props(scope);
    const vpc = p.maxAzs === undefined ? (scope === stack ? services.Default.vpc : services.Tuned.vpc) : undefined;
    services[name] = new HighlyAvailableService(scope, IDS[name] ?? name, { ...p, ...(vpc ? { vpc } : {}) });
  }
  // Two controls TUNED breaks by the user's choice, which the service reports rather than acknowledges (compliance.test.ts
  // shows each firing): acknowledged here as the user would, after reading the report.
  Validations.of(services.Tuned).acknowledge(
    { id: 'cdk-validator-cfnguard::autoscaling_mixed_instances_policy_multiple_instance_types_check', reason: 'CT.AUTOSCALING.PR.6: one instance type, chosen' },
    { id: 'cdk-validator-cfnguard::elbv2_target_group_cross_zone_check', reason: 'CT.ELASTICLOADBALANCING.PR.15: AZ independence, chosen' },
  );
  return services;
}

export interface Configuration {
  readonly name: string;
  /** The CloudFormation props; `stack` is for the CDK objects the props refer to. */
  readonly cfn: (stack: Stack) => HighlyAvailableServiceProps;
  /** The same props for the Terraform flavor. */
  readonly tf: () => tf.HighlyAvailableServiceProps;
}

// A fresh plan per flavor: nothing is shared between the two constructs.
const demand = () => CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100 });

/** The capacity reservations' resource group of the parity matrix's 'capacity you can count on'. */
export const RESERVATIONS = 'arn:aws:resource-groups:eu-west-1:123456789012:group/shop-reservations';

/** The parity matrix: each configuration synthesized in both flavors, from equivalent props. */
export const PARITY_CONFIGURATIONS: Configuration[] = [
  { name: 'default', cfn: () => ({}), tf: () => ({}) },
  {
    name: 'planned demand with schedules',
    cfn: () => ({
      capacity: demand(),
      scheduledDemand: [
        { schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0', weekDay: 'MON-FRI' }), peakRequestsPerSecond: 2500, timeZone: 'Europe/Paris' },
        { schedule: autoscaling.Schedule.cron({ hour: '22', minute: '30' }), peakRequestsPerSecond: 200 },
      ],
    }),
    tf: () => ({
      capacity: demand(),
      scheduledDemand: [
        { schedule: '0 8 * * MON-FRI', peakRequestsPerSecond: 2500, timeZone: 'Europe/Paris' },
        { schedule: '30 22 * * *', peakRequestsPerSecond: 200 },
      ],
    }),
  },
  {
    // A statically stable plan with what it can count on: reserved LCUs (the units sized by bytes), capacity
    // reservations of a resource group, a warm pool.
    name: 'capacity you can count on',
    cfn: () => ({
      capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100, bytesPerRequest: 100_000 }),
      capacityReservations: CapacityReservations.fromResourceGroup(RESERVATIONS, 2),
      warmPool: { reuseOnScaleIn: true },
      // Reserved load balancer capacity is opt-in: the units the plan sizes (360 GB an hour, x 3/2).
      loadBalancerCapacityUnits: 540,
    }),
    tf: () => ({
      capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100, bytesPerRequest: 100_000 }),
      capacityReservations: CapacityReservations.fromResourceGroup(RESERVATIONS, 2),
      warmPool: { reuseOnScaleIn: true },
      // Reserved load balancer capacity is opt-in: the units the plan sizes (360 GB an hour, x 3/2).
      loadBalancerCapacityUnits: 540,
    }),
  },
  {
    name: 'Aurora MySQL with 2 readers',
    cfn: () => ({ databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseReaders: 2 }),
    tf: () => ({ databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseReaders: 2 }),
  },
  {
    name: 'Multi-AZ Postgres instance',
    cfn: () => ({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE }),
    tf: () => ({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE }),
  },
  // With the canary on the load balancer's DNS name over HTTP.
  { name: 'stateless', cfn: () => ({ database: false, probes: true }), tf: () => ({ database: false, probes: true }) },
  {
    name: 'service level objectives, AZ independence, automatic zonal shift',
    cfn: () => ({
      slo: { availability: 99.95, latencyP99: Duration.millis(250) },
      crossZoneLoadBalancing: false,
      outlierShift: true,
      outlierShiftDuration: Duration.minutes(90),
    }),
    tf: () => ({
      slo: { availability: 99.95, latencyP99Seconds: 0.25 }, crossZoneLoadBalancing: false, outlierShift: true, outlierShiftDuration: 90,
    }),
  },
  {
    name: 'internal with CIDRs',
    cfn: () => ({ internetFacing: false, allowedCidrs: ['10.0.0.0/8'] }),
    tf: () => ({ internetFacing: false, allowedCidrs: ['10.0.0.0/8'] }),
  },
  {
    // With the canary on https://api.example.com.
    name: 'HTTPS with a domain',
    cfn: (stack) => ({
      domainName: 'api.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' }),
      probes: true,
    }),
    tf: () => ({ domainName: 'api.example.com', hostedZoneId: 'Z123', hostedZoneName: 'example.com', probes: true }),
  },
];
