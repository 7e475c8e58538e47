import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  CapacityPlan, CapacityReservations, DatabaseEngine, HighlyAvailableService, HighlyAvailableServiceProps, LoadBalancingAlgorithm,
  PredictiveScalingMode, tf,
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
  scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 3000 }],
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
  // The automatic zonal shift away from an outlier AZ: its function, rule and role under every check.
  outlierShift: true,
});

const NO_MONITORING = { alarms: false, dashboard: false } as const;

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
};

/** The compliance matrix in a stack: the default service, then each configuration in its VPC. */
export function buildComplianceMatrix(stack: Stack): Record<string, HighlyAvailableService> {
  const services: Record<string, HighlyAvailableService> = { Default: new HighlyAvailableService(stack, 'Default') };
  for (const [name, props] of Object.entries(COMPLIANCE_MATRIX)) {
    services[name] = new HighlyAvailableService(stack, name, { ...props(stack), vpc: services.Default.vpc });
  }
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
  { name: 'stateless', cfn: () => ({ database: false }), tf: () => ({ database: false }) },
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
    name: 'HTTPS with a domain',
    cfn: (stack) => ({
      domainName: 'api.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' }),
    }),
    tf: () => ({ domainName: 'api.example.com', hostedZoneId: 'Z123', hostedZoneName: 'example.com' }),
  },
];
