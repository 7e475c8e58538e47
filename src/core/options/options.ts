/**
 * The engine-neutral options: the props of either flavor as plain numbers, strings and enums, with
 * the same names in both. Every planner reads them; the renderers map their props into them.
 */
import { GlobalDatabaseMembership } from '../aws/global-database';
import { ReferenceInput } from '../aws/references';
import { CapacityDistributionStrategy, CapacityReservations, WarmPoolOptions } from '../capacity/assurance';
import { CapacityPlan } from '../capacity/demand';

/** How the load balancer picks a target for each request. */
export enum LoadBalancingAlgorithm {
  /** Each target in turn. */
  ROUND_ROBIN = 'round_robin',
  /** The target with the fewest requests in flight: best when request cost varies. */
  LEAST_OUTSTANDING_REQUESTS = 'least_outstanding_requests',
  /**
   * Random with weights, with automatic target weights (anomaly mitigation) turned on: a target
   * that returns more errors than its peers gets less traffic. Cannot be combined with slow start.
   */
  WEIGHTED_RANDOM = 'weighted_random',
}

/** The database engine and topology of the service. */
export enum DatabaseEngine {
  /** Aurora PostgreSQL: a writer plus readers in other AZs. A reader is promoted in about 30 s. */
  AURORA_POSTGRESQL = 'aurora-postgresql',
  /** Aurora MySQL: a writer plus readers in other AZs. A reader is promoted in about 30 s. */
  AURORA_MYSQL = 'aurora-mysql',
  /** RDS for PostgreSQL, Multi-AZ DB instance: a synchronous standby, failover in 60-120 s. */
  POSTGRESQL_MULTI_AZ_INSTANCE = 'postgres',
  /** RDS for MySQL, Multi-AZ DB instance: a synchronous standby, failover in 60-120 s. */
  MYSQL_MULTI_AZ_INSTANCE = 'mysql',
}

/** How predictive scaling acts on its forecast. */
export enum PredictiveScalingMode {
  /** Forecast only: the forecast is visible, the fleet is not changed. Check it before you trust it. */
  FORECAST_ONLY = 'ForecastOnly',
  /** Forecast and launch instances ahead of the forecast load. */
  FORECAST_AND_SCALE = 'ForecastAndScale',
}

/** What the fleet does with unhealthy instances in an AZ that a zonal shift has moved traffic away from. */
export enum ImpairedZoneHealthCheck {
  /**
   * Leave them: the impaired AZ serves no traffic, and replacing its instances there (where
   * launches are likely to fail too) would only churn. They are checked again when the shift ends.
   */
  IGNORE_UNHEALTHY = 'IgnoreUnhealthy',
  /** Replace them, in every AZ, the impaired one included. */
  REPLACE_UNHEALTHY = 'ReplaceUnhealthy',
}

/** Changes to one alarm of the default set. */
export interface AlarmOverride {
  /**
   * Whether the alarm is created.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The threshold, in the alarm's unit (see the README's alarm table).
   * @default - the derived threshold
   */
  readonly threshold?: number;
  /**
   * Periods (of one minute) the alarm looks at.
   * @default - the alarm's own
   */
  readonly evaluationPeriods?: number;
  /**
   * Breaching periods, out of `evaluationPeriods`, that make it fire.
   * @default - the alarm's own
   */
  readonly datapointsToAlarm?: number;
}

/** Whether the engine is an Aurora cluster. */
export function isAurora(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.AURORA_MYSQL;
}

/** One instance type of the fleet. */
export interface InstanceTypeInput {
  /** e.g. c7i.large */
  readonly name: string;
  /** Processor architecture, e.g. x86_64 or arm64. */
  readonly architecture: string;
}

/** A peak expected from a scheduled time on. */
export interface ScheduledDemandInput {
  readonly peakRequestsPerSecond: number;
  /** When it applies, as cron text (the Terraform flavor); the CloudFormation flavor's Schedule is checked by aws-cdk-lib. */
  readonly schedule?: string;
  /** IANA time zone of the schedule. */
  readonly timeZone?: string;
}

/**
 * The user's choices, engine-neutral: the props of either flavor with plain numbers, strings and
 * flags where a flavor takes its own objects (a certificate becomes `certificate: true`). Names
 * and meanings are those of the props; durations are in seconds (backups in days).
 */
export interface ServiceOptions {
  // network
  readonly maxAzs?: number;
  // load balancer
  readonly internetFacing?: boolean;
  /** Whether the user gave a certificate. */
  readonly certificate?: boolean;
  readonly domainName?: string;
  /** Whether the user gave a hosted zone, and its name when known. */
  readonly hostedZone?: boolean;
  readonly hostedZoneName?: string;
  readonly allowedCidrs?: string[];
  /** Whether the user gave the access-log bucket. */
  readonly accessLogsBucket?: boolean;
  // target group and health
  readonly healthCheckPath?: string;
  readonly healthCheckIntervalSeconds?: number;
  readonly healthCheckTimeoutSeconds?: number;
  readonly healthyThresholdCount?: number;
  readonly unhealthyThresholdCount?: number;
  readonly deregistrationDelaySeconds?: number;
  readonly loadBalancingAlgorithm?: LoadBalancingAlgorithm;
  readonly slowStartSeconds?: number;
  // compute
  /** The single `instanceType` prop, if given. */
  readonly instanceType?: InstanceTypeInput;
  readonly instanceTypes?: InstanceTypeInput[];
  /** The user's user data: whether it is a shell script, and how it starts (for messages). */
  readonly userData?: { readonly shellScript: boolean; readonly firstLine: string; readonly bytes?: number };
  /** Whether the user gave the fleet's machine image (else the latest Amazon Linux 2023, from its SSM parameter). */
  readonly ownMachineImage?: boolean;
  readonly appPort?: number;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  readonly capacity?: CapacityPlan;
  readonly scheduledDemand?: ScheduledDemandInput[];
  readonly predictiveScaling?: PredictiveScalingMode;
  readonly healthCheckGracePeriodSeconds?: number;
  readonly cpuTargetUtilizationPercent?: number;
  readonly rootVolumeSizeGiB?: number;
  readonly rootDeviceName?: string;
  readonly signalOnHealthy?: boolean;
  // capacity you can count on when an AZ fails
  /** Load balancer capacity units to reserve; undefined or 0: none (reserving is opt-in, the planner only sizes what the peak needs). */
  readonly loadBalancerCapacityUnits?: number;
  readonly capacityDistributionStrategy?: CapacityDistributionStrategy;
  readonly capacityReservations?: CapacityReservations;
  readonly warmPool?: WarmPoolOptions;
  // zonal shift
  readonly zonalShift?: boolean;
  readonly impairedZoneHealthCheck?: ImpairedZoneHealthCheck;
  readonly zonalAutoshift?: { readonly blockedWindows?: string[]; readonly blockedDates?: string[] };
  // cache
  readonly cache?: boolean;
  readonly cacheNodeType?: string;
  readonly cacheNodes?: number;
  // web firewall
  readonly webAcl?: boolean;
  readonly webAclArn?: string;
  readonly webAclRateLimit?: number;
  // fault injection
  readonly faultInjection?: boolean;
  /** Name of the AZ the AZ-impairment experiment impairs. */
  readonly faultInjectionAvailabilityZone?: string;
  readonly faultInjectionDurationSeconds?: number;
  // database
  readonly database?: boolean;
  readonly databaseEngine?: DatabaseEngine;
  readonly databaseReaders?: number;
  /** Instance class without the `db.` prefix, e.g. r7g.large. */
  readonly databaseInstanceType?: string;
  readonly databaseBackupRetentionDays?: number;
  readonly databaseName?: string;
  readonly databaseMaxReaders?: number;
  readonly databaseProxy?: boolean;
  readonly databaseReaderCpuTarget?: number;
  /** Membership of the Aurora cluster in a global database (set by the multi-Region service). */
  readonly globalDatabase?: GlobalDatabaseMembership;
  // safety
  readonly deletionProtection?: boolean;
  // gray failures and objectives
  /**
   * Whether the target group balances across AZs (ALB's default). Off is AZ independence: each
   * load balancer node sends only to its AZ's instances, so the per-AZ metrics see the instances' AZ.
   */
  readonly crossZoneLoadBalancing?: boolean;
  readonly slo?: ServiceLevelObjectivesInput;
  /** Start a zonal shift away from an AZ that is a sustained outlier (opt-in). */
  readonly outlierShift?: boolean;
  readonly outlierShiftMinutes?: number;
  /** A CloudWatch Synthetics canary on the service's URL (opt-in). */
  readonly probes?: boolean;
  /** Each Region's record of a MultiRegionService, which its canary probes too (set by the multi-Region planner). */
  readonly probeRecords?: ProbeRecords;
  // alarms
  /** Whether the user gave the alarm topic. */
  readonly alarmTopic?: boolean;
  readonly alarms?: boolean;
  readonly alarmOverrides?: Record<string, AlarmOverride>;
  readonly dashboard?: boolean;
  readonly alarmEmails?: string[];
  // references
  /** Existing resources the props name by id, ARN or name (the Terraform flavor), to check their format. */
  readonly references?: ReferenceInput[];
  /**
   * The keys of the props object as the user gave it, and every prop the flavor knows: a key it
   * does not know is rejected with the nearest known name (JavaScript and tsx do not type-check).
   */
  readonly propKeys?: { readonly given: readonly string[]; readonly known: readonly string[] };
  /** What this flavor calls the props that take its own objects, for messages (default: the CloudFormation names). */
  readonly propNames?: PropNames;
}

/**
 * The Route 53 records of the service's name that a MultiRegionService keeps, one per Region (its
 * set identifier): the canary of each Region reads each record's alias target and probes it.
 */
export interface ProbeRecords {
  /** The hosted zone holding the records, e.g. Z1D633PJN98FT9. */
  readonly hostedZoneId: string;
  /** The records' name: the service's `domainName`. */
  readonly recordName: string;
  /** The records' set identifiers (MultiRegionService: each Region's name). */
  readonly setIdentifiers: string[];
}

/** Service level objectives (engine-neutral: the latency in seconds). */
export interface ServiceLevelObjectivesInput {
  /** % of requests answered without a 5xx, e.g. 99.9. */
  readonly availabilityPercent?: number;
  /** 99 % of requests within this many seconds. */
  readonly latencyP99Seconds?: number;
}

/** The names of a flavor's props where the flavors differ, and how it writes a shell script. */
export interface PropNames {
  readonly certificate: string;
  readonly hostedZone: string;
  readonly alarmTopic: string;
  readonly vpc: string;
  /** How to give user data as a shell script, e.g. `ec2.UserData.forLinux()`. */
  readonly shellScript: string;
  /** Where the service's AZ names come from, e.g. `availabilityZones` or `vpc.availabilityZones`. */
  readonly availabilityZones: string;
  /** The props that list a user's VPC's subnets by tier, e.g. `publicSubnetIds` (when the flavor takes them by id). */
  readonly subnetIds?: Readonly<Record<'public' | 'private' | 'isolated', string>>;
}

/** The CloudFormation construct's names. */
export const CFN_PROP_NAMES: PropNames = {
  certificate: 'certificate',
  hostedZone: 'hostedZone',
  alarmTopic: 'alarmTopic',
  vpc: 'vpc',
  shellScript: 'ec2.UserData.forLinux()',
  availabilityZones: "the stack's availabilityZones",
};

/** The names of the props of these options' flavor. */
export function propNames(o: ServiceOptions): PropNames {
  return o.propNames ?? CFN_PROP_NAMES;
}

/** A VPC the user brought, as far as the plan needs to know it. */
export interface ExistingVpc {
  /** Its AZ names (or references). */
  readonly availabilityZones: string[];
  readonly publicSubnets: boolean;
  readonly privateSubnets: boolean;
  readonly isolatedSubnets: boolean;
  /** NAT gateways, when the renderer can count them. */
  readonly natGateways?: number;
  /** The subnets' ids by tier, when the user lists them (the Terraform flavor). */
  readonly subnetIds?: { readonly public: string[]; readonly private: string[]; readonly isolated: string[] };
}

/** What only the renderer knows: where the service is and what it is given. */
export interface ServiceEnvironment {
  /** The construct path, for error messages. */
  readonly path: string;
  /** The stack's name (unique per account and region). */
  readonly stackName: string;
  /** Construct ids from the stack (exclusive) down to the service. */
  readonly pathInStack: string[];
  /** The region, or a reference to it. */
  readonly region: string;
  /** The region's AZ names as the renderer knows them (references where unknown), for a VPC the service creates. */
  readonly regionAvailabilityZones: string[];
  /** The user's VPC, if any. */
  readonly vpc?: ExistingVpc;
  /**
   * Whether the renderer can enroll the Auto Scaling group in ARC zonal shift (the group's
   * `AvailabilityZoneImpairmentPolicy`); without it only the load balancer takes part.
   * @default true
   */
  readonly fleetZonalShift?: boolean;
  /** Whether the renderer looks the region's AZs up when it deploys: unknown names, but as many as asked for. */
  readonly availabilityZonesLookedUp?: boolean;
  /**
   * Whether some values are placeholders of a context lookup still to be made: the CDK CLI's first
   * pass, after which it looks them up and runs the app again. The AZ names (and a looked-up VPC's
   * subnets) are then `isUnresolved`, and the checks that need their real values wait for that pass.
   */
  readonly lookupPending?: boolean;
  /**
   * Why the renderer cannot set the Auto Scaling group's deletion protection, when it cannot (its
   * engine does not offer the setting).
   * @default - it can
   */
  readonly fleetDeletionProtectionUnavailable?: string;
  /**
   * Whether the renderer's engine rolls a failed create back by deleting what it made
   * (CloudFormation does; Terraform keeps what a failed apply made, and the next apply goes on).
   * @default false
   */
  readonly rollsBackFailedCreate?: boolean;
  /**
   * Why the renderer cannot pin the default machine image (resolve the SSM parameter once and keep
   * the AMI id), when it cannot: an environment-agnostic stack has no context lookup.
   * @default - it can
   */
  readonly imagePinUnavailable?: string;
  /** Whether a value is known only at deploy time. */
  readonly isUnresolved: (value: unknown) => boolean;
}
