/**
 * HighlyAvailableService, the CloudFormation flavor: its props, their mapping to the core's options,
 * and the constructor that plans the service and hands each tier of the plan to its renderer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Annotations, CfnOutput, ContextProvider, CustomResource, Duration, ISynthesisSession, Lazy, Stack, Stage, Tags, Token, attachCustomSynthesis } from 'aws-cdk-lib';
import * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as arc from 'aws-cdk-lib/aws-arczonalshift';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import { Construct } from 'constructs';
import { KNOWN_PROPS } from './private/known-props';
import { createAlarmTopic, createAlarms } from './tiers/alarms';
import { allowCacheFrom, createCache } from './tiers/cache';
import { createDashboard } from './tiers/dashboard';
import { ServiceDatabase } from './tiers/database';
import { createDatabaseProxy } from './tiers/database-proxy';
import { createExperiments } from './tiers/experiments';
import { createCompute, watchRolloutAlarms } from './tiers/fleet';
import { createLoadBalancing } from './tiers/load-balancing';
import { ServiceMetrics } from './tiers/metrics';
import { createVpc } from './tiers/network';
import { createOutlierShift } from './tiers/outlier-shift';
import { createProbes } from './tiers/probes';
import { createRollbackRelease } from './tiers/rollback-release';
import { createServiceLevelObjectives } from './tiers/slo';
import { createWebFirewall } from './tiers/web-firewall';
import { createZonalAutoshift } from './tiers/zonal-autoshift';
import { applyZonalShift } from './tiers/zonal-shift';
import { GlobalDatabaseMembership } from '../core/aws/global-database';
import { nameTagFor } from '../core/base/naming';
import { CapacityDistributionStrategy, CapacityReservations, WarmPoolOptions } from '../core/capacity/assurance';
import { CapacityPlan } from '../core/capacity/demand';
import {
  AlarmOverride, CFN_PROP_NAMES, DatabaseEngine, ImpairedZoneHealthCheck, LoadBalancingAlgorithm, PredictiveScalingMode, ProbeRecords,
  ServiceEnvironment, ServiceOptions,
} from '../core/options/options';
import { ResilienceReport, renderReportMarkdown } from '../core/report/report';
import { planService } from '../core/service/plan';
import { accessRule } from '../core/tiers/access';
import { CACHE_TAG } from '../core/tiers/cache';
import { ContractEntry, ContractReference } from '../core/tiers/contract';
import { FleetPlan, architectureOf } from '../core/tiers/fleet';
import { ENVIRONMENT_FILE } from '../core/tiers/user-data';

/** Properties of a {@link HighlyAvailableService}. Every one is optional. */
export interface HighlyAvailableServiceProps {
  // ---- network ----
  /**
   * The VPC to run in. It needs public subnets (for an internet-facing load balancer), private
   * subnets with egress for the fleet and isolated subnets for the database, in at least 2 AZs.
   * @default - a new VPC over `maxAzs` AZs with one NAT gateway per AZ and flow logs
   */
  readonly vpc?: ec2.IVpc;
  /**
   * AZs of the VPC the service creates (ignored with `vpc`). An environment-agnostic stack only
   * knows 2 AZs; give the stack an `env` (and AZ context) to get 3.
   * @default 3
   */
  readonly maxAzs?: number;

  // ---- load balancer ----
  /**
   * Whether the load balancer faces the internet (public subnets) or is internal.
   * @default true
   */
  readonly internetFacing?: boolean;
  /**
   * Certificate for the HTTPS listener. With it, port 80 redirects to 443.
   * @default - a DNS-validated certificate when `domainName` and `hostedZone` are given, else plain HTTP (with a warning)
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Domain name of the service. With `hostedZone`, an alias record points it at the load balancer.
   * @default - the load balancer's DNS name
   */
  readonly domainName?: string;
  /**
   * Hosted zone holding `domainName`, for the alias record and the certificate's validation.
   * @default - no DNS record
   */
  readonly hostedZone?: route53.IHostedZone;
  /**
   * IPv4 CIDR blocks allowed to reach the listener ports.
   *
   * Each is written as EC2 stores it (host bits cleared: 10.0.0.1/24 is 10.0.0.0/24), and once.
   * @default - ['0.0.0.0/0'] for an internet-facing load balancer, the VPC's own CIDR block for an internal one
   */
  readonly allowedCidrs?: string[];
  /**
   * Bucket for the load balancer access logs (it must allow delivery from the load balancer and use SSE-S3).
   * @default - a new SSE-S3, SSL-only, retained bucket that moves logs to infrequent access after 30 days and deletes them after a year
   */
  readonly accessLogsBucket?: s3.IBucket;

  // ---- cache ----
  /**
   * An ElastiCache for Valkey cache: a node in each AZ (primary and replicas), Multi-AZ with
   * automatic failover, encrypted at rest and in transit (TLS required), snapshots kept 7 days and
   * taken on delete, reachable only from the fleet, which connects as an IAM-authenticated user.
   * The instances find the endpoint, port and user in `/etc/cdk-highly-available-service/service.env`.
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
   * Whether a WAFv2 web ACL guards the load balancer: AWS's IP-reputation, common and
   * known-bad-inputs rule groups and a per-IP rate limit, logged to an `aws-waf-logs-` log group.
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
   * Time between health checks of a target, 5-300 s.
   * @default Duration.seconds(10)
   */
  readonly healthCheckInterval?: Duration;
  /**
   * Time to wait for a health-check answer, 2-120 s and below the interval.
   * @default Duration.seconds(5)
   */
  readonly healthCheckTimeout?: Duration;
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
   * Time a deregistering target keeps serving its in-flight requests, 0-3600 s.
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;
  /**
   * How the load balancer picks a target.
   * @default LoadBalancingAlgorithm.ROUND_ROBIN
   */
  readonly loadBalancingAlgorithm?: LoadBalancingAlgorithm;
  /**
   * Ramp-up time of a new target's share of traffic, 30-900 s. Not with WEIGHTED_RANDOM.
   * @default - no slow start
   */
  readonly slowStart?: Duration;

  // ---- compute ----
  /**
   * Instance type of the fleet, when it uses one. Prefer `instanceTypes`: with a single type the
   * surviving AZs compete for it after an AZ loss, and AWS Control Tower's CT.AUTOSCALING.PR.6
   * rejects the group.
   * @default - `instanceTypes`
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Instance types of the fleet, first preferred, launched through a mixed instances policy
   * (all On-Demand): when an AZ runs short of one type the group launches the next. They must
   * share one processor architecture; list types of the same size, since a capacity plan counts
   * instances and its per-instance rate must hold for the smallest of them.
   * @default - c7i.large, c6i.large and c6a.large
   */
  readonly instanceTypes?: ec2.InstanceType[];
  /**
   * Machine image of the fleet.
   * @default - the latest Amazon Linux 2023 for the instance types' architecture (x86_64 or arm64), looked up at synth and kept in cdk.context.json (resolved at every deployment in an environment-agnostic stack)
   */
  readonly machineImage?: ec2.IMachineImage;
  /**
   * User data that starts the app on `appPort`.
   * @default - a small built-in HTTP app answering `/` and the health-check path
   */
  readonly userData?: ec2.UserData;
  /**
   * Port the app listens on, 1-65535.
   * @default 8080
   */
  readonly appPort?: number;
  /**
   * Minimum instances, at least one per AZ.
   * @default - one per AZ
   */
  readonly minCapacity?: number;
  /**
   * Maximum instances, not below `minCapacity`.
   * @default - twice `minCapacity`
   */
  readonly maxCapacity?: number;
  /**
   * Fleet size planned from expected demand (`CapacityPlan.fromDemand`: enough instances per AZ
   * that the other AZs carry the peak when one is lost, plus request-count target tracking at
   * the plan's utilization) or fixed (`CapacityPlan.fixed`). Not together with minCapacity or maxCapacity.
   * @default - minCapacity and maxCapacity
   */
  readonly capacity?: CapacityPlan;
  /**
   * Known demand at scheduled times (a daily peak, a nightly low). Each entry becomes a scheduled
   * action that sets the fleet's minimum (and maximum) from the capacity plan's math for that
   * peak. Needs `capacity` from `CapacityPlan.fromDemand`.
   * @default - no scheduled actions
   */
  readonly scheduledDemand?: ScheduledDemand[];
  /**
   * Predictive scaling: forecast the load from its history and launch ahead of it. It forecasts
   * requests per instance when `capacity` comes from demand, CPU otherwise.
   * @default - no predictive scaling
   */
  readonly predictiveScaling?: PredictiveScalingMode;
  /**
   * Time a new instance has to boot before failed load balancer health checks make the group
   * replace it, 0-7200 s. It is also the rollout's warm-up and sets the creation timeout.
   * @default Duration.minutes(5)
   */
  readonly healthCheckGracePeriod?: Duration;
  /**
   * Average CPU the target-tracking scaling policy holds, 1-100 %.
   * @default 50
   */
  readonly cpuTargetUtilizationPercent?: number;
  /**
   * Size of the encrypted gp3 root volume, 8-16384 GiB.
   * @default 20
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Device name of the machine image's root volume.
   * @default '/dev/xvda' (Amazon Linux)
   */
  readonly rootDeviceName?: string;

  // ---- capacity you can count on when an AZ fails ----
  /**
   * Load balancer capacity units (LCUs) to reserve, so the load balancer takes the peak at once
   * (`MinimumLoadBalancerCapacity`): 0 or nothing for none, else from 100. Reserving is opt-in: it is billed
   * whether used or not (at least 100 LCUs, about $584 a month in US East (N. Virginia)), can be
   * lowered only twice a day, and the Region's quota of reserved LCUs is 0 until you raise it (the
   * service warns). With a demand plan the report, and an info at synth, give the units the
   * planned peak needs and what they would cost.
   * @default - none (0)
   */
  readonly loadBalancerCapacityUnits?: number;
  /**
   * What the group does when launches fail in one of its AZs.
   * @default - BALANCED_ONLY when the other AZs carry the planned peak without one (a statically stable demand plan), else BALANCED_BEST_EFFORT
   */
  readonly capacityDistributionStrategy?: CapacityDistributionStrategy;
  /**
   * On-Demand Capacity Reservations the fleet launches into first (then On-Demand), so the
   * capacity of its minimum is held for it in each AZ: `CapacityReservations.open(n)` or
   * `CapacityReservations.fromResourceGroup(arn, n)`, n the instances reserved per AZ.
   * @default - no capacity reservations
   */
  readonly capacityReservations?: CapacityReservations;
  /**
   * A warm pool of stopped instances, installed and healthy once, that the fleet starts instead of
   * booting new ones when it scales out (after losing an AZ, the others' share). Stopped instances
   * cost their EBS volumes. Your app must start at boot (user data runs only at the first).
   * @default - no warm pool
   */
  readonly warmPool?: WarmPoolOptions;

  // ---- zonal shift ----
  /**
   * Whether the load balancer and the fleet take part in ARC zonal shifts, so an operator (or
   * zonal autoshift) can move traffic away from an impaired AZ in one call. With it, an AZ that
   * lost most of its targets leaves DNS by itself when the other AZs carry the peak.
   * @default true
   */
  readonly zonalShift?: boolean;
  /**
   * What the fleet does with unhealthy instances in an AZ a zonal shift has moved traffic away from.
   * @default ImpairedZoneHealthCheck.IGNORE_UNHEALTHY
   */
  readonly impairedZoneHealthCheck?: ImpairedZoneHealthCheck;
  /**
   * Zonal autoshift of the load balancer: ARC moves traffic away from an AZ by itself when AWS
   * detects an impairment there, and rehearses it in weekly practice runs judged by the service's
   * health alarm. Needs `zonalShift` and the alarm set; warns when the fleet cannot carry its
   * planned peak without an AZ.
   * @default - no autoshift
   */
  readonly zonalAutoshift?: ZonalAutoshiftOptions;

  // ---- fault injection ----
  /**
   * AWS FIS experiment templates that test the service's resilience: instance loss, AZ impairment
   * and (with a database that has a standby or a reader) database failover. Nothing runs until
   * someone starts an experiment; each stops when the service-health alarm fires.
   * @default - true when the service has its service-health alarm (see `alarms`)
   */
  readonly faultInjection?: boolean;
  /**
   * The AZ the AZ-impairment experiment cuts off (one of the service's AZs).
   * @default - the service's first AZ, where the database writer is
   */
  readonly faultInjectionAvailabilityZone?: string;
  /**
   * How long the AZ-impairment experiment cuts the AZ off: whole minutes, from 1 minute to 12 hours.
   * @default Duration.minutes(10)
   */
  readonly faultInjectionDuration?: Duration;

  // ---- database ----
  /**
   * Whether the service has a database. Set to false for a stateless service.
   * @default true
   */
  readonly database?: boolean;
  /**
   * Engine and topology of the database.
   * @default DatabaseEngine.AURORA_POSTGRESQL
   */
  readonly databaseEngine?: DatabaseEngine;
  /**
   * Aurora readers (0-15), spread over the AZs other than the writer's.
   * @default 1 for Aurora, 0 for a Multi-AZ DB instance
   */
  readonly databaseReaders?: number;
  /**
   * Aurora only: reader auto scaling up to this many readers on their average CPU (1-15, at
   * least `databaseReaders`). The `databaseReaders` readers stay (scaling never removes them), so
   * one in another AZ can always be promoted; added readers go where RDS places them.
   * @default - no reader auto scaling
   */
  readonly databaseMaxReaders?: number;
  /**
   * Put RDS Proxy in front of the database: pooled connections, TLS and IAM authentication
   * required, a read-only endpoint over the Aurora readers, and clients that ride out a failover
   * faster. The fleet then reaches the database only through the proxy, on the engine family's
   * port (5432 or 3306), as the master user with an IAM token (its role may, and no longer reads
   * the password).
   * @default false
   */
  readonly databaseProxy?: boolean;
  /**
   * Readers' average CPU, %, that reader auto scaling holds (10-90). Needs `databaseMaxReaders`.
   * @default 60
   */
  readonly databaseReaderCpuTarget?: number;
  /**
   * Instance class of the database instances.
   * @default - db.r7g.large for Aurora, db.m7g.large for a Multi-AZ DB instance
   */
  readonly databaseInstanceType?: ec2.InstanceType;
  /**
   * How long automated backups are kept, 1-35 days.
   * @default Duration.days(7)
   */
  readonly databaseBackupRetention?: Duration;
  /**
   * Name of the database created at launch.
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Aurora only: the cluster's membership in an Aurora global database. `MultiRegionService` sets
   * it for the service of each Region; see `ServiceDatabaseProps.globalDatabase`.
   * @default - a cluster of its own
   */
  readonly globalDatabase?: GlobalDatabaseMembership;

  // ---- safety ----
  /**
   * Deletion protection of the load balancer, the database and the Auto Scaling group
   * (`prevent-all-deletion`). The database is also snapshotted when it is deleted or replaced,
   * whatever this says.
   * @default true
   */
  readonly deletionProtection?: boolean;

  // ---- alarms ----
  /**
   * Topic the alarms and the fleet's scaling events notify.
   * @default - a new topic encrypted with its own KMS key
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Whether the service creates its alarm set and the composite service-health alarm. Without
   * them a rollout is not rolled back on alarm (it still waits for health checks).
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * Per-alarm changes, keyed by alarm id (see the README's alarm table): another threshold,
   * other periods, or `enabled: false`.
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
   * SRE workbook sets them), which feed the service-health alarm, and an Application Signals SLO
   * (`AWS::ApplicationSignals::ServiceLevelObjective`). The report shows each one's error budget.
   * A latency objective also sets what the AZs' latency outlier alarms count as slow.
   * @default - no objectives
   */
  readonly slo?: ServiceLevelObjectives;
  /**
   * Whether the target group balances requests across AZs (ALB's default). `false` is AZ
   * independence: each load balancer node sends only to the instances of its own AZ, so the
   * load balancer's per-AZ metrics see the instances' AZ and the AZs' outlier alarms catch a gray
   * failure of one AZ's instances (with it on they catch a bad node or AZ path only). Each AZ then
   * takes an equal share of the traffic whatever its instance count, and stickiness is not
   * available. AWS Control Tower's CT.ELASTICLOADBALANCING.PR.15 refuses `false` where enforced.
   * @default true
   */
  readonly crossZoneLoadBalancing?: boolean;
  /**
   * Outside-in probes: a CloudWatch Synthetics canary calls the service's URL (`https://<domainName>`,
   * else the load balancer's DNS name over its listener's protocol) every minute from outside the
   * VPC, asking the health check path for a 200 and the home page for an answer below 400, with
   * its own encrypted artifacts bucket and a scoped role. Its alarm `ProbeSuccess` (3 failed runs
   * in a row) feeds the service-health alarm. An internal load balancer cannot be reached from
   * there: the service warns and creates no canary. Each run is billed (see the report's bill).
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
   * How long a zonal shift started by `outlierShift` lasts: whole minutes, from 1 minute to 72 hours.
   * @default Duration.hours(1)
   */
  readonly outlierShiftDuration?: Duration;
  /**
   * Whether each new instance reports when its app answers the health check on loopback, before
   * it enters service: a launch lifecycle hook holds the instance until then, so creating the
   * stack waits for a healthy minimum, and rollouts and scale-outs only count healthy instances.
   * The service appends the report (with the AWS CLI, which Amazon Linux ships) to the user data:
   * turn it off for an image without the AWS CLI.
   * @default true
   */
  readonly signalOnHealthy?: boolean;
  /**
   * Email addresses subscribed to the alarm topic the service creates.
   * @default - no subscription
   */
  readonly alarmEmails?: string[];
}

/** Options of zonal autoshift's practice runs. */
/** Service level objectives over a rolling 30 days, measured at the load balancer. */
export interface ServiceLevelObjectives {
  /**
   * % of requests answered without a 5xx (from the instances or the load balancer), above 0 and below 100, e.g. 99.9.
   * @default - no availability objective
   */
  readonly availability?: number;
  /**
   * 99 % of requests answered within this time (whole milliseconds), e.g. `Duration.millis(500)`.
   * @default - no latency objective
   */
  readonly latencyP99?: Duration;
}

export interface ZonalAutoshiftOptions {
  /**
   * Weekly windows (UTC, within one day) when no practice run starts, e.g. `Mon:18:30-Mon:19:30`.
   * @default - none
   */
  readonly blockedWindows?: string[];
  /**
   * Dates (UTC) when no practice run starts, `YYYY-MM-DD`.
   * @default - none
   */
  readonly blockedDates?: string[];
}

/** Demand expected from a scheduled time on. */
export interface ScheduledDemand {
  /** When the demand starts (a cron expression in UTC unless `timeZone` is given). */
  readonly schedule: autoscaling.Schedule;
  /** The peak requests per second from then on. */
  readonly peakRequestsPerSecond: number;
  /**
   * Time zone of the schedule, e.g. 'Europe/Paris'.
   * @default - UTC
   */
  readonly timeZone?: string;
}

/**
 * A complete, redundant web service on EC2: a multi-AZ VPC, an Application Load Balancer,
 * an Auto Scaling group spread over every AZ, a replicated database and alarms that notify.
 *
 * It survives the loss of an instance, of an Availability Zone and of the database writer.
 */
export class HighlyAvailableService extends Construct implements ec2.IConnectable {
  /** The VPC the service runs in. */
  public readonly vpc: ec2.IVpc;
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener that forwards to the fleet (HTTPS when there is a certificate, else HTTP). */
  public readonly listener: elbv2.ApplicationListener;
  /** The target group of the fleet. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The fleet. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template of the fleet. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The database, unless `database` is false. */
  public readonly database?: ServiceDatabase;
  /** The topic every alarm notifies. */
  public readonly alarmTopic: sns.ITopic;
  /** The alarms of the service (empty with `alarms: false`). */
  public readonly alarms: cloudwatch.Alarm[];
  /** The composite alarm that fires when any critical alarm fires. It also rolls back rollouts. */
  public readonly serviceHealthAlarm?: cloudwatch.CompositeAlarm;
  /** The composite alarms by id: each AZ's `ImpairedAz<n>` (its outlier alarms), each objective's fast and slow burn. */
  public readonly compositeAlarmsById: { [alarmId: string]: cloudwatch.CompositeAlarm } = {};
  /** The Application Signals SLOs, with `slo`. */
  public readonly serviceLevelObjectives: applicationsignals.CfnServiceLevelObjective[] = [];
  /** The service's dashboard. */
  public readonly dashboard?: cloudwatch.Dashboard;
  /** The outside-in canary, with `probes` (its name is in the plan: `resilienceReport.detection`). */
  public readonly canary?: synthetics.CfnCanary;
  /** The bucket of the canary's run artifacts, with `probes`. */
  public readonly probeArtifactsBucket?: s3.IBucket;
  /** Metrics of the service, for your own alarms. */
  public readonly metrics: ServiceMetrics;
  /** The bucket receiving the load balancer access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The fleet's security group access: allow the service to reach other resources through it. */
  public readonly connections: ec2.Connections;
  /** The URL clients use. */
  public readonly url: string;
  /** The service's resilience figures, computed at synth (also written into the cloud assembly). */
  public readonly resilienceReport: ResilienceReport;
  /** The capacity plan the fleet was sized with, if any. */
  public readonly capacity?: CapacityPlan;

  /** The role of the fleet's instances: grant it what the app needs. */
  public readonly instanceRole: iam.IRole;
  /** The HTTPS listener's certificate (the user's, or the one the service requested), if any. */
  public readonly certificate?: acm.ICertificate;
  /** The HTTP listener that redirects to HTTPS, when the service serves HTTPS. */
  public readonly redirectListener?: elbv2.ApplicationListener;
  /** The load balancer's security group. */
  public readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  /** The KMS key of the alarm topic the service created (undefined with your own `alarmTopic`). */
  public readonly alarmTopicKey?: kms.IKey;
  /** The zonal autoshift configuration of the load balancer, with `zonalAutoshift`. */
  public readonly zonalAutoshift?: arc.CfnZonalAutoshiftConfiguration;
  /** The zonal autoshift configuration of the fleet, with `zonalAutoshift`. */
  public readonly fleetZonalAutoshift?: arc.CfnZonalAutoshiftConfiguration;
  /** The alarms by their id (see the README's alarm table), e.g. `alarmsById.Target5xxRate`. */
  public readonly alarmsById: { [alarmId: string]: cloudwatch.Alarm };
  /** The cache's replication group, with `cache`. */
  public readonly cache?: elasticache.CfnReplicationGroup;
  /** The cache user the instances connect as (IAM authentication), with `cache`. */
  public readonly cacheUser?: elasticache.CfnUser;
  /** The RDS Proxy in front of the database, with `databaseProxy`. */
  public readonly databaseProxy?: rds.DatabaseProxy;
  /** The proxy's read-only endpoint over the Aurora readers, with `databaseProxy` and readers. */
  public readonly databaseProxyReadOnlyEndpoint?: rds.CfnDBProxyEndpoint;
  /** The service's web ACL, when it created one. */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The ARN of the web ACL in front of the load balancer (the service's or yours), if any. */
  public readonly webAclArn?: string;
  /** The AWS FIS experiment templates by id (`InstanceLoss`, `AzImpairment`, `DatabaseFailover`), empty without them. */
  public readonly experiments: { [experimentId: string]: fis.CfnExperimentTemplate };
  /** The role the experiments run with, when there are experiments. */
  public readonly experimentRole?: iam.IRole;
  /** The encrypted log group the experiments log to, when there are experiments. */
  public readonly experimentLogGroup?: logs.ILogGroup;
  /**
   * The custom resources that turn each protected resource's deletion protection off when, and only when, the stack's failed first create rolls back.
   *
   * By target: `loadBalancer`, `databaseCluster` or `databaseInstance`, and `autoScalingGroup`
   * (whose release also sets the group's protection, left out of the template so that a failure of
   * the group's own create rolls back).
   */
  public readonly rollbackReleases: { [target: string]: CustomResource };
  /** The function that shifts traffic away from an outlier AZ, with `outlierShift`. */
  public readonly outlierShiftFunction?: lambda.CfnFunction;
  /** The EventBridge rule that starts it on an `ImpairedAz<n>` alarm, with `outlierShift`. */
  public readonly outlierShiftRule?: events.CfnRule;
  constructor(scope: Construct, id: string, props: HighlyAvailableServiceProps = {}) {
    super(scope, id);
    // 1. Decide everything, and reject bad input, before creating anything.
    const plan = planService(toOptions(props), environmentOf(this, props));
    this.capacity = props.capacity;

    // 2. Render each tier from its slice of the plan.
    this.vpc = props.vpc ?? createVpc(this, plan.network);
    const topic = plan.monitoring.createTopic ? createAlarmTopic(this, plan.monitoring.alarmEmails) : undefined;
    this.alarmTopic = props.alarmTopic ?? topic!.topic;
    this.alarmTopicKey = topic?.key;

    const lb = createLoadBalancing(this, {
      vpc: this.vpc,
      plan: plan.loadBalancing,
      access: plan.access,
      certificate: props.certificate,
      hostedZone: props.hostedZone,
      accessLogsBucket: props.accessLogsBucket,
    });
    this.loadBalancer = lb.loadBalancer;
    this.loadBalancerSecurityGroup = lb.securityGroup;
    this.listener = lb.listener;
    this.redirectListener = lb.redirectListener;
    this.certificate = lb.certificate;
    this.targetGroup = lb.targetGroup;
    this.accessLogsBucket = lb.accessLogsBucket;
    this.url = lb.url;
    if (plan.webFirewall) {
      const firewall = createWebFirewall(this, plan.webFirewall, this.loadBalancer);
      this.webAcl = firewall.webAcl;
      this.webAclArn = firewall.webAclArn;
    }

    // The application contract's values: references resolve at synth, once every part exists.
    const references: Record<ContractReference, () => string | undefined> = {
      region: () => Stack.of(this).region,
      databaseWriterEndpoint: () => this.database?.endpoint.hostname,
      databaseReaderEndpoint: () => this.database?.readerEndpoint?.hostname,
      databaseSecretArn: () => this.database?.secret.secretArn,
      databaseProxyEndpoint: () => this.databaseProxy?.endpoint,
      databaseProxyReadOnlyEndpoint: () => this.databaseProxyReadOnlyEndpoint?.attrEndpoint,
      cachePrimaryEndpoint: () => this.cache?.attrPrimaryEndPointAddress,
      cacheReaderEndpoint: () => this.cache?.attrReaderEndPointAddress,
    };
    const contractValue = (e: ContractEntry): string => (typeof e.value === 'string' ? e.value : Lazy.string({ produce: () => references[(e.value as { ref: ContractReference }).ref]() }));

    // The cache before the fleet: its endpoint goes into the instances' environment file.
    const cache = plan.cache && createCache(this, plan.cache, this.vpc, plan.access);
    this.cache = cache?.replicationGroup;
    this.cacheUser = cache?.user;

    const fleet = createCompute(this, {
      vpc: this.vpc,
      plan: plan.fleet,
      access: plan.access,
      healthCheckPath: plan.loadBalancing.healthCheck.path,
      fleetTag: plan.namePrefix,
      targetGroup: this.targetGroup,
      loadBalancer: this.loadBalancer,
      notificationTopic: this.alarmTopic,
      machineImage: props.machineImage ?? defaultImage(this, plan.fleet),
      userData: props.userData,
      schedules: (props.scheduledDemand ?? []).map((d) => ({ schedule: d.schedule, timeZone: d.timeZone })),
      environment: Object.fromEntries(plan.contract.map((e) => [e.key, contractValue(e)])),
    });
    this.autoScalingGroup = fleet.autoScalingGroup;
    this.launchTemplate = fleet.launchTemplate;
    // aws-cdk-lib names these after their construct path, which a long id makes too long for a tag.
    const vpcParts = props.vpc ? [] : [this.vpc, ...this.vpc.publicSubnets, ...this.vpc.privateSubnets, ...this.vpc.isolatedSubnets];
    for (const part of [...vpcParts, this.launchTemplate]) {
      const name = nameTagFor(part.node.path, this.node.path, plan.namePrefix);
      if (name !== undefined) Tags.of(part).add('Name', name, { priority: 101 });
    }
    this.instanceRole = fleet.role;
    this.connections = this.autoScalingGroup.connections;
    if (cache) {
      allowCacheFrom(cache, plan.cache!, plan.access, this.autoScalingGroup, fleet.role);
      new CfnOutput(this, 'CacheEndpoint', { value: `${cache.primaryEndpoint}:${cache.port}`, description: 'Cache primary endpoint (TLS, IAM authentication)' });
    }

    applyZonalShift(plan.zonalShift, { loadBalancer: this.loadBalancer, targetGroup: this.targetGroup, autoScalingGroup: this.autoScalingGroup });

    if (plan.database) {
      this.database = new ServiceDatabase(this, 'Database', {
        vpc: this.vpc,
        engine: plan.database.engine,
        readers: plan.database.readers,
        instanceType: props.databaseInstanceType,
        backupRetention: Duration.days(plan.database.backupRetentionDays),
        databaseName: plan.database.name,
        deletionProtection: plan.database.deletionProtection,
        maxReaders: plan.database.readerScaling?.maxReaders,
        readerCpuTarget: plan.database.readerScaling?.targetCpuPercent,
        globalDatabase: props.globalDatabase,
      });
      if (plan.databaseProxy) {
        // The fleet reaches the database only through the proxy, with IAM: it needs no password.
        const proxy = createDatabaseProxy(this, plan.databaseProxy, plan.access, this.vpc, this.database, this.autoScalingGroup, fleet.role);
        this.databaseProxy = proxy.proxy;
        this.databaseProxyReadOnlyEndpoint = proxy.readOnlyEndpoint;
      } else {
        this.database.connections.allowDefaultPortFrom(this.autoScalingGroup, accessRule(plan.access, 'DatabaseIngressFromFleet').description);
        this.database.secret.grantRead(fleet.role);
      }
    }

    // One release per protected resource, so a failed first create rolls back (CloudFormation only: Terraform has no rollback).
    this.rollbackReleases = plan.rollbackRelease ? createRollbackRelease(this, plan.rollbackRelease, {
      vpc: this.vpc, loadBalancer: this.loadBalancer, autoScalingGroup: this.autoScalingGroup, database: this.database,
    }) : {};

    this.metrics = new ServiceMetrics(this.loadBalancer, this.targetGroup, this.autoScalingGroup, this.database, {
      webAclName: this.webAcl?.name, databaseProxyName: this.databaseProxy?.dbProxyName, cacheReplicationGroupId: this.cache?.ref,
    });
    const alarms = createAlarms(this, plan.monitoring, this.metrics, this.alarmTopic);
    this.alarms = alarms.alarms;
    this.alarmsById = alarms.byId;
    this.serviceHealthAlarm = alarms.serviceHealth;
    this.compositeAlarmsById = alarms.composites;
    this.serviceLevelObjectives = plan.slo ? createServiceLevelObjectives(this, plan.slo, this.metrics) : [];
    if (plan.probes) {
      const probes = createProbes(this, plan.probes, this.loadBalancer.loadBalancerDnsName);
      this.canary = probes.canary;
      this.probeArtifactsBucket = probes.artifactsBucket;
    }
    watchRolloutAlarms(this.autoScalingGroup, plan.monitoring.rolloutAlarmIds.map((alarmId) => alarms.byId[alarmId]));
    const autoshift = plan.zonalShift.autoshift;
    if (autoshift) {
      // The plan asks for autoshift only with the composite health alarm as its outcome alarm.
      const configurations = createZonalAutoshift(this, autoshift, {
        loadBalancer: this.loadBalancer, autoScalingGroup: this.autoScalingGroup, outcomeAlarm: this.serviceHealthAlarm!,
      });
      this.zonalAutoshift = configurations.loadBalancer;
      this.fleetZonalAutoshift = configurations.fleet;
    }
    if (plan.outlierShift) {
      const shift = createOutlierShift(this, plan.outlierShift, {
        vpc: this.vpc,
        namePrefix: plan.namePrefix,
        loadBalancer: this.loadBalancer,
        targetGroup: this.targetGroup,
        autoScalingGroup: this.autoScalingGroup,
        alarmTopic: this.alarmTopic,
        alarmTopicKey: this.alarmTopicKey,
        alarmsById: this.alarmsById,
      });
      this.outlierShiftFunction = shift.function;
      this.outlierShiftRule = shift.rule;
    }
    this.experiments = {};
    if (plan.faultInjection) {
      // The plan has experiments only with the service-health alarm as their stop condition.
      const experiments = createExperiments(this, plan.faultInjection, {
        vpc: this.vpc,
        autoScalingGroup: this.autoScalingGroup,
        loadBalancer: this.loadBalancer,
        database: this.database,
        cache: this.cache,
        cacheTagValue: plan.cache?.tags[CACHE_TAG],
        stopAlarm: this.serviceHealthAlarm!,
      });
      this.experiments = experiments.templates;
      this.experimentRole = experiments.role;
      this.experimentLogGroup = experiments.logGroup;
    }
    if (plan.monitoring.dashboard) {
      this.dashboard = createDashboard(this, plan.monitoring.dashboard, this.metrics,
        [...this.alarms, ...(this.serviceHealthAlarm ? [this.serviceHealthAlarm] : [])]);
    }

    // 3. Report: warnings, the URL, and the resilience report in the cloud assembly.
    this.resilienceReport = plan.report;
    for (const w of plan.warnings) Annotations.of(this).addWarningV2(w.id, w.message);
    for (const i of plan.infos) Annotations.of(this).addInfo(`${i.message} [${i.id}]`);
    new CfnOutput(this, 'ServiceUrl', { value: this.url, description: 'URL of the service' });
    // The application contract, as outputs of the same names in both flavors.
    const contract = new Construct(this, 'Contract');
    for (const e of plan.contract) new CfnOutput(contract, e.output, { value: contractValue(e), description: `${e.description} (${e.key} in ${ENVIRONMENT_FILE})` });
    writeReport(this, plan.reportFileName, plan.report, plan.diagram);
  }

  /**
   * One of the service's alarms by its id. Throws for an id the service did not create.
   * @param alarmId e.g. Target5xxRate
   */
  public alarm(alarmId: string): cloudwatch.Alarm {
    const found = this.alarmsById[alarmId];
    if (!found) throw new Error(`${this.node.path} has no alarm '${alarmId}'; its alarms are: ${Object.keys(this.alarmsById).join(', ')}`);
    return found;
  }
}

/** The Amazon Linux image of each processor architecture an instance type can have. */
/** A well-formed AMI id that the CDK CLI's first pass gets before it looks the parameter up. */
const IMAGE_PLACEHOLDER = 'ami-00000000000000000';

/**
 * The latest Amazon Linux 2023 for the fleet's architecture. Pinned (the plan says when it can be): its
 * SSM parameter is looked up once at synth and kept in cdk.context.json, so a deployment rolls the fleet
 * only when the service changes, never because AWS published a new AMI; `cdk context --reset <key>` and
 * a deployment roll the newer one (README, "Safe deployments"). Otherwise resolved at every deployment.
 */
function defaultImage(scope: Construct, fleet: FleetPlan): ec2.IMachineImage {
  if (!fleet.imagePinned) return ec2.MachineImage.latestAmazonLinux2023({ cpuType: CPU_TYPES[fleet.architecture] });
  const ami = ssm.StringParameter.valueFromLookup(scope, fleet.imageParameter, IMAGE_PLACEHOLDER);
  return ec2.MachineImage.genericLinux({ [Stack.of(scope).region]: ami });
}

const CPU_TYPES: Record<string, ec2.AmazonLinuxCpuType> = {
  x86_64: ec2.AmazonLinuxCpuType.X86_64,
  arm64: ec2.AmazonLinuxCpuType.ARM_64,
};

/** The props as engine-neutral options: plain values, and flags where the props hold CDK objects. */
export function toOptions(props: HighlyAvailableServiceProps): ServiceOptions {
  // Not `t.architecture`: aws-cdk-lib throws for a name it cannot parse, and the plan reports the name with the prop instead.
  const instanceType = (t: ec2.InstanceType) => ({ name: t.toString(), architecture: architectureOf(t.toString()) ?? 'unknown' });
  return {
    ...props,
    certificate: props.certificate !== undefined,
    hostedZone: props.hostedZone !== undefined,
    hostedZoneName: zoneNameOf(props.hostedZone),
    accessLogsBucket: props.accessLogsBucket !== undefined,
    healthCheckIntervalSeconds: seconds(props.healthCheckInterval),
    healthCheckTimeoutSeconds: seconds(props.healthCheckTimeout),
    deregistrationDelaySeconds: seconds(props.deregistrationDelay),
    slowStartSeconds: seconds(props.slowStart),
    healthCheckGracePeriodSeconds: seconds(props.healthCheckGracePeriod),
    faultInjectionDurationSeconds: seconds(props.faultInjectionDuration),
    outlierShiftMinutes: props.outlierShiftDuration && props.outlierShiftDuration.toSeconds({ integral: false }) / 60,
    instanceType: props.instanceType && instanceType(props.instanceType),
    instanceTypes: props.instanceTypes?.map(instanceType),
    userData: props.userData && shellScriptOf(props.userData),
    ownMachineImage: props.machineImage !== undefined,
    scheduledDemand: props.scheduledDemand?.map((d) => ({
      peakRequestsPerSecond: d.peakRequestsPerSecond, schedule: d.schedule.expressionString, timeZone: d.timeZone,
    })),
    databaseInstanceType: props.databaseInstanceType?.toString(),
    databaseBackupRetentionDays: props.databaseBackupRetention?.toDays({ integral: false }),
    alarmTopic: props.alarmTopic !== undefined,
    slo: props.slo && {
      availabilityPercent: props.slo.availability,
      latencyP99Seconds: props.slo.latencyP99 && props.slo.latencyP99.toMilliseconds({ integral: false }) / 1000,
    },
    propKeys: { given: Object.keys(props), known: Object.keys(KNOWN_PROPS) },
    propNames: props.vpc ? { ...CFN_PROP_NAMES, availabilityZones: 'vpc.availabilityZones' } : CFN_PROP_NAMES,
  };
}

/** What the plan needs to know of where the service is. */
function environmentOf(service: Construct, props: HighlyAvailableServiceProps): ServiceEnvironment {
  const stack = Stack.of(service);
  return serviceEnvironmentIn(stack, service.node.scopes.slice(stack.node.scopes.length).map((c) => c.node.id), props.vpc);
}

/**
 * The environment of a service at `pathInStack` in `stack`: what its plan is made with, known
 * before the service is created (`MultiRegionService` plans every Region's service first).
 */
export function serviceEnvironmentIn(stack: Stack, pathInStack: string[], vpc?: ec2.IVpc): ServiceEnvironment {
  const placeholders = lookupPlaceholders(stack, vpc);
  return {
    path: [stack.node.path, ...pathInStack].join('/'),
    stackName: stack.stackName,
    pathInStack,
    region: stack.region,
    regionAvailabilityZones: stack.availabilityZones,
    vpc: vpc && {
      availabilityZones: vpc.availabilityZones,
      publicSubnets: vpc.publicSubnets.length > 0,
      privateSubnets: vpc.privateSubnets.length > 0,
      isolatedSubnets: vpc.isolatedSubnets.length > 0,
      natGateways: countNatGateways(vpc),
    },
    lookupPending: placeholders.size > 0,
    // CloudFormation deletes what a failed create made.
    rollsBackFailedCreate: true,
    imagePinUnavailable: Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)
      ? 'the stack is environment-agnostic: the image cannot be looked up at synth' : undefined,
    isUnresolved: (value) => Token.isUnresolved(value) || (typeof value === 'string' && placeholders.has(value)),
  };
}

/**
 * The AZ names that are placeholders of a context lookup still to be made. On its first pass the
 * CDK CLI runs the app with no context: aws-cdk-lib then hands out placeholder AZs (and a
 * placeholder VPC for `Vpc.fromLookup`), records what is missing, and the CLI looks it up and runs
 * the app again. Judging the placeholders would stop the app before that lookup.
 */
function lookupPlaceholders(stack: Stack, vpc: ec2.IVpc | undefined): Set<string> {
  const placeholders = new Set<string>();
  if (vpc) {
    // A looked-up VPC whose lookup is still to come says so through its subnet selections.
    if (vpc.selectSubnets({ subnets: [] }).isPendingLookup) vpc.availabilityZones.forEach((az) => placeholders.add(az));
  } else if (!Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region)) {
    const { key } = ContextProvider.getKey(stack, { provider: cxschema.ContextProvider.AVAILABILITY_ZONE_PROVIDER });
    const value = stack.node.tryGetContext(key);
    if (!Array.isArray(value)) stack.availabilityZones.forEach((az) => placeholders.add(az));
  }
  return placeholders;
}

/** Writes the report into the cloud assembly, as JSON and Markdown, beside the templates. */
function writeReport(service: Construct, name: string, report: ResilienceReport, diagram: string): void {
  const title = service.node.path;
  // Said at synth (`cdk synth` prints info messages), so the report is found without reading the docs.
  const outdir = Stage.of(service)?.outdir;
  if (outdir !== undefined) {
    const where = path.relative(process.cwd(), path.join(outdir, `${name}.md`));
    announce(service, `Resilience report and deployment diagram: ${where} (and ${name}.json beside it)`);
  }
  attachCustomSynthesis(service, {
    onSynthesize(session: ISynthesisSession) {
      fs.writeFileSync(path.join(session.outdir, `${name}.json`), JSON.stringify(report, undefined, 2) + '\n');
      fs.writeFileSync(path.join(session.outdir, `${name}.md`), renderReportMarkdown(title, report, diagram));
    },
  });
}

/** The name of a hosted zone, when it is known at synth (an imported zone may only know its id). */
function zoneNameOf(zone: route53.IHostedZone | undefined): string | undefined {
  try {
    return zone?.zoneName;
  } catch {
    return undefined;
  }
}

/** Whether user data is a shell script (the service appends commands to it), and its first line. */
function shellScriptOf(userData: ec2.UserData): { shellScript: boolean; firstLine: string; bytes?: number } {
  const script = userData.render();
  const head = script.slice(0, 40);
  // Tokens' placeholders left out: what is left is a size the deployed script has at least.
  return { shellScript: head.startsWith('#!'), firstLine: head.split('\n')[0], bytes: Buffer.byteLength(script.replace(/\$\{Token\[[^\]]*\]\}/g, ''), 'utf8') };
}

/** NAT gateways defined in a VPC of this app (undefined for an imported VPC, whose NATs are unknown). */
function countNatGateways(vpc: ec2.IVpc): number | undefined {
  const nats = vpc.node.findAll().filter((c) => c instanceof ec2.CfnNatGateway).length;
  return nats > 0 || vpc instanceof ec2.Vpc ? nats : undefined;
}

// Fractions pass through: the validation names the prop instead of aws-cdk-lib's conversion error.
function seconds(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : d.toSeconds({ integral: false });
}

/**
 * An info message `cdk synth` prints, without the stack trace `Annotations` records (the CLI prints
 * its first frame, a path inside this library, above the message).
 */
export function announce(scope: Construct, message: string): void {
  scope.node.addMetadata(cxschema.ArtifactMetadataEntryType.INFO, message);
}
