/**
 * The Terraform flavor's props: ids, ARNs and names as text where the CloudFormation flavor takes
 * aws-cdk-lib objects, with the same names and defaults.
 */
import { GlobalDatabaseMembership } from '../core/aws/global-database';
import { CapacityDistributionStrategy, CapacityReservations, WarmPoolOptions } from '../core/capacity/assurance';
import { CapacityPlan } from '../core/capacity/demand';
import { AlarmOverride, DatabaseEngine, LoadBalancingAlgorithm, PredictiveScalingMode, ProbeRecords } from '../core/options/options';

/**
 * Properties of the Terraform flavor's `HighlyAvailableService`. Every one is optional. The names,
 * defaults and validation are those of the CloudFormation construct; where that one takes an
 * aws-cdk-lib object, this one takes what Terraform refers to (ids, ARNs, names, text), and its
 * durations are numbers of seconds (days for the backups).
 */
export interface HighlyAvailableServiceProps {
  // ---- network ----
  /**
   * The AZs of the VPC the service creates, by name (e.g. `eu-west-1a`); the first is the writer's.
   * With `vpcId`, the AZs of the given subnets, in their order.
   * @default - the first `maxAzs` of the region's, looked up by the `aws_availability_zones` data source
   */
  readonly availabilityZones?: string[];
  /**
   * AZs of the VPC the service creates, when `availabilityZones` is not given.
   * @default 3
   */
  readonly maxAzs?: number;
  /**
   * An existing VPC to run in, with `availabilityZones` and one subnet per AZ in each of
   * `publicSubnetIds` (internet-facing only), `privateSubnetIds` (with a route to the internet) and
   * `isolatedSubnetIds` (the database and cache).
   * @default - a new VPC with public, private and isolated subnets, a NAT gateway per AZ and flow logs
   */
  readonly vpcId?: string;
  /**
   * With `vpcId`: public subnets, one per AZ, in the order of `availabilityZones`.
   * @default - none
   */
  readonly publicSubnetIds?: string[];
  /**
   * With `vpcId`: private subnets with a route to the internet, one per AZ.
   * @default - none
   */
  readonly privateSubnetIds?: string[];
  /**
   * With `vpcId`: isolated subnets, one per AZ.
   * @default - none
   */
  readonly isolatedSubnetIds?: string[];
  // ---- load balancer ----
  /**
   * Whether the load balancer faces the internet (public subnets) or is internal.
   * @default true
   */
  readonly internetFacing?: boolean;
  /**
   * ARN of an ACM certificate for the HTTPS listener. With it, port 80 redirects to 443.
   * @default - a DNS-validated certificate when `domainName` and `hostedZoneId` are given, else plain HTTP (with a warning)
   */
  readonly certificateArn?: string;
  /**
   * Domain name of the service. With `hostedZoneId`, an alias record points it at the load balancer.
   * @default - the load balancer's DNS name
   */
  readonly domainName?: string;
  /**
   * Route 53 hosted zone holding `domainName`, for the alias record and the certificate's validation.
   * @default - no DNS record
   */
  readonly hostedZoneId?: string;
  /**
   * The hosted zone's name, to check that `domainName` is in it.
   * @default - not checked
   */
  readonly hostedZoneName?: string;
  /**
   * IPv4 CIDR blocks allowed to reach the listener ports.
   *
   * Each is written as EC2 stores it (host bits cleared: 10.0.0.1/24 is 10.0.0.0/24), and once.
   * @default - ['0.0.0.0/0'] for an internet-facing load balancer, the VPC's own CIDR block for an internal one
   */
  readonly allowedCidrs?: string[];
  /**
   * Name of the bucket for the load balancer access logs (it must allow delivery from the load
   * balancer and use SSE-S3).
   * @default - a new SSE-S3, SSL-only bucket that moves logs to infrequent access after 30 days and deletes them after a year
   */
  readonly accessLogsBucket?: string;
  // ---- cache ----
  /**
   * An ElastiCache for Valkey cache: a node in each AZ, Multi-AZ with automatic failover, TLS
   * required, snapshots kept 7 days and taken on delete, reachable only from the fleet, which
   * connects as an IAM-authenticated user (settings in `/etc/cdk-highly-available-service/service.env`).
   * @default false (true when `cacheNodeType` or `cacheNodes` is given)
   */
  readonly cache?: boolean;
  /**
   * Node type of the cache.
   * @default 'cache.m7g.large'
   */
  readonly cacheNodeType?: string;
  /**
   * Nodes of the cache, one per AZ: a primary and replicas (2 to 6, at most one per AZ).
   * @default - one per AZ of the service
   */
  readonly cacheNodes?: number;
  // ---- web firewall ----
  /**
   * Whether a WAFv2 web ACL guards the load balancer.
   * @default - true for an internet-facing load balancer, false for an internal one
   */
  readonly webAcl?: boolean;
  /**
   * The ARN of your own regional web ACL to associate with the load balancer instead of the service's.
   * @default - the service's own web ACL (see `webAcl`)
   */
  readonly webAclArn?: string;
  /**
   * Requests one client IP may send in 5 minutes before the web ACL blocks it (10 to 2,000,000,000).
   * @default 2000
   */
  readonly webAclRateLimit?: number;
  // ---- target group and health ----
  /**
   * Path of the health check. It should check what the instance needs to serve (a deep check).
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * Seconds between health checks of a target, 5-300.
   * @default 10
   */
  readonly healthCheckInterval?: number;
  /**
   * Seconds to wait for a health-check answer, 2-120 and below the interval.
   * @default 5
   */
  readonly healthCheckTimeout?: number;
  /**
   * Consecutive successes before a target is healthy, 2-10.
   * @default 2
   */
  readonly healthyThresholdCount?: number;
  /**
   * Consecutive failures before a target is unhealthy, 2-10.
   * @default 2
   */
  readonly unhealthyThresholdCount?: number;
  /**
   * Seconds a deregistering target keeps serving its requests in flight, 0-3600.
   * @default 30
   */
  readonly deregistrationDelay?: number;
  /**
   * How the load balancer picks a target.
   * @default LoadBalancingAlgorithm.ROUND_ROBIN
   */
  readonly loadBalancingAlgorithm?: LoadBalancingAlgorithm;
  /**
   * Seconds over which a new target's share of requests ramps up, 30-900.
   * @default - no slow start
   */
  readonly slowStart?: number;
  // ---- compute ----
  /**
   * One instance type for the fleet, e.g. `c7i.large` (instead of `instanceTypes`).
   * @default - `instanceTypes`
   */
  readonly instanceType?: string;
  /**
   * Instance types of the fleet, in order of preference, of one architecture.
   * @default - c7i.large, c6i.large and c6a.large
   */
  readonly instanceTypes?: string[];
  /**
   * AMI id of the fleet.
   * @default - `machineImageParameter`
   */
  readonly machineImageId?: string;
  /**
   * Name of an SSM parameter holding the fleet's AMI id. Read at the first apply and kept in state
   * (a `terraform_data` resource that ignores later values): a newer AMI rolls out only with
   * `terraform apply -replace=<its address>`.
   * @default - the latest Amazon Linux 2023 for the instance types' architecture
   */
  readonly machineImageParameter?: string;
  /**
   * The instances' user data, a shell script starting with `#!`. The service appends its
   * settings and its launch health gate to it.
   * @default - a small built-in HTTP app answering `/` and the health-check path
   */
  readonly userData?: string;
  /**
   * Port the instances serve on.
   * @default 8080
   */
  readonly appPort?: number;
  /**
   * Fewest instances.
   * @default - one per AZ
   */
  readonly minCapacity?: number;
  /**
   * Most instances.
   * @default - twice `minCapacity`
   */
  readonly maxCapacity?: number;
  /**
   * The fleet's size from the demand it must serve (see CapacityPlan), instead of `minCapacity` and `maxCapacity`.
   * @default - minCapacity and maxCapacity
   */
  readonly capacity?: CapacityPlan;
  /**
   * Known demand at scheduled times. Each entry becomes a scheduled action.
   * @default - no scheduled actions
   */
  readonly scheduledDemand?: ScheduledDemand[];
  /**
   * Predictive scaling on the fleet.
   * @default - no predictive scaling
   */
  readonly predictiveScaling?: PredictiveScalingMode;
  /**
   * Seconds a new instance gets before failed health checks replace it, 0-7200. Also the rollout's warm-up.
   * @default 300
   */
  readonly healthCheckGracePeriod?: number;
  /**
   * Average CPU the fleet is scaled to hold, %.
   * @default 50
   */
  readonly cpuTargetUtilizationPercent?: number;
  /**
   * Size of the encrypted gp3 root volume, GiB.
   * @default 20
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Device name of the image's root volume.
   * @default '/dev/xvda' (Amazon Linux)
   */
  readonly rootDeviceName?: string;
  /**
   * Whether a new instance enters service only once its app answers the health check on loopback (a launch lifecycle hook).
   * @default true
   */
  readonly signalOnHealthy?: boolean;
  // ---- capacity you can count on when an AZ fails ----
  /**
   * Load balancer capacity units (LCUs) to reserve, so the load balancer takes the peak at once
   * (`minimum_load_balancer_capacity`): 0 or nothing for none, else from 100. Reserving is opt-in: it is billed
   * whether used or not (at least 100 LCUs, about $584 a month in US East (N. Virginia)), can be
   * lowered only twice a day, and the Region's quota of reserved LCUs is 0 until you raise it (the
   * service warns). With a demand plan the report, and an info at synth, give the units the
   * planned peak needs and what they would cost.
   * @default - none (0)
   */
  readonly loadBalancerCapacityUnits?: number;
  /**
   * What the group does when launches fail in one of its AZs (`availability_zone_distribution`).
   * @default - BALANCED_ONLY when the other AZs carry the planned peak without one (a statically stable demand plan), else BALANCED_BEST_EFFORT
   */
  readonly capacityDistributionStrategy?: CapacityDistributionStrategy;
  /**
   * On-Demand Capacity Reservations the fleet launches into first (then On-Demand):
   * `CapacityReservations.open(n)` or `CapacityReservations.fromResourceGroup(arn, n)`, n the instances reserved per AZ.
   * @default - no capacity reservations
   */
  readonly capacityReservations?: CapacityReservations;
  /**
   * A warm pool of stopped instances, installed and healthy once, that the fleet starts instead of
   * booting new ones when it scales out. Stopped instances cost their EBS volumes. Your app must
   * start at boot (user data runs only at the first).
   * @default - no warm pool
   */
  readonly warmPool?: WarmPoolOptions;
  // ---- zonal shift ----
  /**
   * Whether ARC zonal shift can move the load balancer's traffic away from an impaired AZ. The
   * group's own zonal shift needs a newer AWS provider than the one checked against (see the README).
   * @default true
   */
  readonly zonalShift?: boolean;
  // ---- fault injection ----
  /**
   * AWS FIS experiment templates: lose an instance, impair an AZ, fail the database over.
   * @default - true when the service has its service-health alarm (see `alarms`)
   */
  readonly faultInjection?: boolean;
  /**
   * The AZ the AZ-impairment experiment impairs.
   * @default - the service's first AZ, where the database writer is
   */
  readonly faultInjectionAvailabilityZone?: string;
  /**
   * Seconds the AZ-impairment experiment lasts, whole minutes from 60 to 43200.
   * @default 600
   */
  readonly faultInjectionDuration?: number;
  // ---- database ----
  /**
   * Whether the service has a database.
   * @default true
   */
  readonly database?: boolean;
  /**
   * Engine and topology.
   * @default DatabaseEngine.AURORA_POSTGRESQL
   */
  readonly databaseEngine?: DatabaseEngine;
  /**
   * Aurora readers, each in another AZ than the writer.
   * @default 1 for Aurora, 0 for a Multi-AZ DB instance
   */
  readonly databaseReaders?: number;
  /**
   * Aurora only: readers auto scaling may add up to.
   * @default - no reader auto scaling
   */
  readonly databaseMaxReaders?: number;
  /**
   * RDS Proxy in front of the database, TLS and IAM required.
   * @default false
   */
  readonly databaseProxy?: boolean;
  /**
   * Readers' average CPU, %, that reader auto scaling holds (10-90).
   * @default 60
   */
  readonly databaseReaderCpuTarget?: number;
  /**
   * Instance class without the `db.` prefix, e.g. `r7g.large`.
   * @default - r7g.large for Aurora, m7g.large for a Multi-AZ DB instance
   */
  readonly databaseInstanceType?: string;
  /**
   * Days automated backups are kept, 1-35.
   * @default 7
   */
  readonly databaseBackupRetention?: number;
  /**
   * Name of the database created at launch.
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Aurora only: the cluster's membership in an Aurora global database (`tf.MultiRegionService`
   * sets it for the service of each Region).
   * @default - a cluster of its own
   */
  readonly globalDatabase?: GlobalDatabaseMembership;
  /**
   * Whether the load balancer and the database refuse to be deleted until this is turned off. The
   * Auto Scaling group's deletion protection needs a newer AWS provider than the one checked
   * against (see the README); set `true` explicitly to be warned of it.
   * @default true
   */
  readonly deletionProtection?: boolean;
  // ---- alarms ----
  /**
   * ARN of the SNS topic alarms and fleet events notify.
   * @default - a new topic encrypted with its own KMS key
   */
  readonly alarmTopicArn?: string;
  /**
   * Whether the service creates its alarms.
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * Changes to alarms of the default set, by alarm id.
   * @default - the derived alarm set as it is
   */
  readonly alarmOverrides?: { [alarmId: string]: AlarmOverride };
  /**
   * Whether the service creates its CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Service level objectives: each gets its multi-window burn-rate alarms (fast and slow burn, as the
   * SRE workbook sets them), which feed the service-health alarm. The report shows each one's error
   * budget. The Terraform provider has no SLO resource (terraform-provider-aws #39555): the
   * CloudFormation flavor also creates an Application Signals SLO, this one does not.
   * @default - no objectives
   */
  readonly slo?: ServiceLevelObjectives;
  /**
   * Whether the target group balances requests across AZs (ALB's default). `false` is AZ
   * independence: each load balancer node sends only to the instances of its own AZ, so the
   * load balancer's per-AZ metrics see the instances' AZ and the AZs' outlier alarms catch a gray
   * failure of one AZ's instances (with it on they catch a bad node or AZ path only). Each AZ then
   * takes an equal share of the traffic whatever its instance count, and stickiness is not
   * available.
   * @default true
   */
  readonly crossZoneLoadBalancing?: boolean;
  /**
   * Outside-in probes: a CloudWatch Synthetics canary calls the service's URL (`https://<domainName>`,
   * else the load balancer's DNS name over its listener's protocol) every minute from outside the
   * VPC, asking the health check path for a 200 and the home page for an answer below 400, with
   * its own encrypted artifacts bucket and a scoped role. Its alarm `ProbeSuccess` (3 failed runs
   * in a row) feeds the service-health alarm. The canary's script is a zip written beside the
   * configuration. An internal load balancer cannot be reached from there: the service warns and
   * creates no canary. Each run is billed (see the report's bill).
   * @default false
   */
  readonly probes?: boolean;
  /**
   * The Route 53 records of the service's name whose alias targets the canary also probes, one per
   * Region: `MultiRegionService` sets it for the service of each Region, so that each Region's
   * canary calls every Region's load balancer with the name as Host and TLS server name. Needs
   * `probes` and `domainName`.
   * @default - the service's name only
   */
  readonly probeRecords?: ProbeRecords;
  /**
   * Whether a function starts an ARC zonal shift away from an AZ whose outlier alarms fire (`ImpairedAz<n>`), opt-in.
   *
   * It shifts the load balancer (and the fleet, when it takes part in zonal shifts) for
   * `outlierShiftDuration`, only when exactly one AZ is an outlier, no zonal shift or autoshift is
   * active, and the other AZs hold the healthy targets the peak needs; it notifies the alarm topic.
   * Refused when the capacity plan says the other AZs cannot carry the peak. The outlier alarms see
   * the instances' AZ only with `crossZoneLoadBalancing: false`.
   * @default false
   */
  readonly outlierShift?: boolean;
  /**
   * Minutes a zonal shift started by `outlierShift` lasts, a whole number from 1 to 4320 (72 hours).
   * @default 60
   */
  readonly outlierShiftDuration?: number;
  /**
   * Addresses subscribed to the created alarm topic.
   * @default - no subscription
   */
  readonly alarmEmails?: string[];
}

/** Demand expected from a scheduled time on. */
export interface ScheduledDemand {
  /** When it starts: a cron expression of five fields, e.g. `0 8 * * 1-5`. */
  readonly schedule: string;
  /** The peak requests per second expected then. */
  readonly peakRequestsPerSecond: number;
  /**
   * IANA time zone of the schedule, e.g. 'Europe/Paris'.
   * @default UTC
   */
  readonly timeZone?: string;
}

/** Service level objectives over a rolling 30 days, measured at the load balancer. */
export interface ServiceLevelObjectives {
  /**
   * % of requests answered without a 5xx (from the instances or the load balancer), above 0 and below 100, e.g. 99.9.
   * @default - no availability objective
   */
  readonly availability?: number;
  /**
   * 99 % of requests answered within this many seconds (whole milliseconds), e.g. 0.5.
   * @default - no latency objective
   */
  readonly latencyP99Seconds?: number;
}
