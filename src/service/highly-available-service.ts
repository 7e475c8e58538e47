import * as fs from 'fs';
import * as path from 'path';
import { Annotations, CfnOutput, Duration, ISynthesisSession, Names, Stack, Token, attachCustomSynthesis } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { createAlarmTopic, createAlarms } from './alarms';
import { createCompute, watchRolloutAlarms } from './compute';
import { createDashboard } from './dashboard';
import { ServiceDatabase } from './database';
import { createLoadBalancing } from './load-balancing';
import { ServiceMetrics } from './metrics';
import { createVpc } from './network';
import { AlarmOverride, applyOverrides, defaultAlarms, healthyHostsNeeded } from '../core/alarms';
import { DatabaseEngine, LoadBalancingAlgorithm, ServiceBlueprint, resolveBlueprint } from '../core/blueprint';
import { CapacityPlan } from '../core/capacity';
import { DEFAULTS } from '../core/defaults';
import { serviceNamePrefix } from '../core/naming';
import { FINDINGS, ResilienceReport, renderReportMarkdown, resilienceReport } from '../core/report';
import { ServiceValidationError } from '../core/validation';

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
   * @default ['0.0.0.0/0']
   */
  readonly allowedCidrs?: string[];
  /**
   * Bucket for the load balancer access logs (it must allow delivery from the load balancer and use SSE-S3).
   * @default - a new SSE-S3, SSL-only, retained bucket that moves logs to infrequent access after 30 days and deletes them after a year
   */
  readonly accessLogsBucket?: s3.IBucket;

  // ---- target group and health ----
  /**
   * Path of the health check; it should check what the instance needs to serve (a deep check).
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
   * @default - the latest Amazon Linux 2023 (x86_64), resolved at deploy time
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

  // ---- safety ----
  /**
   * Deletion protection of the load balancer and the database. The database is also
   * snapshotted when it is deleted or replaced, whatever this says.
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

/** How predictive scaling acts on its forecast. */
export enum PredictiveScalingMode {
  /** Forecast only: the forecast is visible, the fleet is not changed. Check it before you trust it. */
  FORECAST_ONLY = 'ForecastOnly',
  /** Forecast and launch instances ahead of the forecast load. */
  FORECAST_AND_SCALE = 'ForecastAndScale',
}

/** Warning ids the service may add; stable, so they can be acknowledged. */
const WARNINGS = {
  noHttps: 'cdk-highly-available-service:noHttps',
  emailsWithOwnTopic: 'cdk-highly-available-service:alarmEmailsIgnored',
} as const;

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
  /** The composite alarm that fires when any critical alarm fires; it also rolls back rollouts. */
  public readonly serviceHealthAlarm?: cloudwatch.CompositeAlarm;
  /** The service's dashboard. */
  public readonly dashboard?: cloudwatch.Dashboard;
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

  constructor(scope: Construct, id: string, props: HighlyAvailableServiceProps = {}) {
    super(scope, id);

    if (props.domainName && !props.hostedZone && !props.certificate) {
      throw new ServiceValidationError(
        `domainName '${props.domainName}' needs a hostedZone (to validate a certificate and create the alias record) or a certificate, received neither`,
      );
    }
    if (props.capacity && (props.minCapacity !== undefined || props.maxCapacity !== undefined)) {
      throw new ServiceValidationError(
        `capacity replaces minCapacity and maxCapacity; received capacity together with minCapacity ${props.minCapacity} and maxCapacity ${props.maxCapacity}`,
      );
    }
    if (props.maxAzs !== undefined && props.vpc) {
      throw new ServiceValidationError(`maxAzs applies only to the VPC the service creates; received maxAzs ${props.maxAzs} together with vpc`);
    }
    if (props.instanceType && props.instanceTypes) {
      throw new ServiceValidationError(`instanceType and instanceTypes exclude each other: list every type in instanceTypes; received instanceType ${props.instanceType} with instanceTypes ${props.instanceTypes.join(', ')}`);
    }
    if (props.database === false && (props.databaseEngine || props.databaseReaders !== undefined)) {
      throw new ServiceValidationError('databaseEngine and databaseReaders need a database; received them with database: false');
    }
    if (props.userData && (props.signalOnHealthy ?? true)) checkShellScript(props.userData);
    // Validate what does not depend on the VPC before creating anything.
    const https = !!(props.certificate || (props.domainName && props.hostedZone));
    const types = props.instanceTypes ?? (props.instanceType ? [props.instanceType] : undefined);
    const input = {
      maxAzs: props.maxAzs,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
      capacity: props.capacity,
      scheduledDemand: props.scheduledDemand?.map((d) => ({ peakRequestsPerSecond: d.peakRequestsPerSecond, timeZone: d.timeZone })),
      appPort: props.appPort,
      https,
      domainName: props.domainName,
      requestsCertificate: !props.certificate && !!props.hostedZone,
      hostedZoneName: zoneNameOf(props.hostedZone),
      allowedCidrs: props.allowedCidrs,
      healthCheckPath: props.healthCheckPath,
      healthCheckIntervalSeconds: seconds(props.healthCheckInterval),
      healthCheckTimeoutSeconds: seconds(props.healthCheckTimeout),
      healthyThresholdCount: props.healthyThresholdCount,
      unhealthyThresholdCount: props.unhealthyThresholdCount,
      deregistrationDelaySeconds: seconds(props.deregistrationDelay),
      slowStartSeconds: seconds(props.slowStart),
      loadBalancingAlgorithm: props.loadBalancingAlgorithm,
      healthCheckGracePeriodSeconds: seconds(props.healthCheckGracePeriod),
      cpuTargetUtilizationPercent: props.cpuTargetUtilizationPercent,
      database: props.database === false ? undefined : {
        engine: props.databaseEngine,
        readers: props.databaseReaders,
        backupRetentionDays: days(props.databaseBackupRetention),
        name: props.databaseName,
      },
      deletionProtection: props.deletionProtection,
      rootVolumeSizeGiB: props.rootVolumeSizeGiB,
      rootDeviceName: props.rootDeviceName,
      alarmEmails: props.alarmEmails,
      instanceTypes: types?.map((t) => ({ name: t.toString(), architecture: t.architecture })),
    };
    if (props.vpc) checkSubnets(props.vpc, props.internetFacing ?? true, props.database !== false);
    const plannedAzs = props.vpc ? props.vpc.availabilityZones.length : (props.maxAzs ?? DEFAULTS.availabilityZones);
    resolveBlueprint({ ...input, availabilityZones: Math.max(plannedAzs, 2) }, Token.isUnresolved);

    this.vpc = props.vpc ?? createVpc(this, props.maxAzs ?? DEFAULTS.availabilityZones);
    const azCount = this.vpc.availabilityZones.length;
    const blueprint: ServiceBlueprint = resolveBlueprint({ ...input, availabilityZones: azCount }, Token.isUnresolved);
    this.capacity = props.capacity;
    const demand = props.capacity?.demand;
    // Names of alarms and the dashboard: unique per service and account, stable, readable.
    const stack = Stack.of(this);
    const namePrefix = serviceNamePrefix(stack.stackName, this.node.scopes.slice(stack.node.scopes.length).map((c) => c.node.id));

    if (props.alarmTopic && props.alarmEmails?.length) {
      Annotations.of(this).addWarningV2(WARNINGS.emailsWithOwnTopic,
        'alarmEmails are ignored when alarmTopic is given: subscribe the addresses to your own topic.');
    }
    this.alarmTopic = props.alarmTopic ?? createAlarmTopic(this, props.alarmEmails ?? []);

    const lb = createLoadBalancing(this, {
      vpc: this.vpc,
      blueprint,
      internetFacing: props.internetFacing ?? true,
      certificate: props.certificate,
      domainName: props.domainName,
      hostedZone: props.hostedZone,
      accessLogsBucket: props.accessLogsBucket,
    });
    this.loadBalancer = lb.loadBalancer;
    this.listener = lb.listener;
    this.targetGroup = lb.targetGroup;
    this.accessLogsBucket = lb.accessLogsBucket;
    this.url = lb.url;
    if (!blueprint.https) {
      Annotations.of(this).addWarningV2(WARNINGS.noHttps,
        'The service listens on plain HTTP: give a certificate, or a domainName with its hostedZone, to serve HTTPS and redirect HTTP.');
    }

    const alarmContext = {
      availabilityZoneNames: this.vpc.availabilityZones,
      instancesNeededAtPeak: props.capacity?.instancesNeededAtPeak,
    };
    if (props.alarms === false && props.alarmOverrides) {
      throw new ServiceValidationError('alarmOverrides needs the alarm set; received it with alarms: false');
    }
    const alarmSpecs = props.alarms === false ? [] : applyOverrides(defaultAlarms(blueprint, alarmContext), props.alarmOverrides);

    const compute = createCompute(this, {
      vpc: this.vpc,
      blueprint,
      targetGroup: this.targetGroup,
      notificationTopic: this.alarmTopic,
      instanceTypes: types ?? blueprint.instanceTypes.map((t) => new ec2.InstanceType(t)),
      machineImage: props.machineImage ?? ec2.MachineImage.latestAmazonLinux2023(),
      userData: props.userData,
      schedules: (props.scheduledDemand ?? []).map((d) => ({ schedule: d.schedule, timeZone: d.timeZone })),
      signalOnHealthy: props.signalOnHealthy ?? true,
      fleetTag: namePrefix,
      predictiveScaling: props.predictiveScaling ? { mode: props.predictiveScaling, loadBalancer: this.loadBalancer } : undefined,
    });
    this.autoScalingGroup = compute.autoScalingGroup;
    this.launchTemplate = compute.launchTemplate;
    this.connections = this.autoScalingGroup.connections;

    if (blueprint.database) {
      this.database = new ServiceDatabase(this, 'Database', {
        vpc: this.vpc,
        engine: blueprint.database.engine,
        readers: blueprint.database.readers,
        instanceType: props.databaseInstanceType,
        backupRetention: Duration.days(blueprint.database.backupRetentionDays),
        databaseName: blueprint.database.name,
        deletionProtection: blueprint.deletionProtection,
      });
      this.database.connections.allowDefaultPortFrom(this.autoScalingGroup, 'Service instances');
      this.database.secret.grantRead(compute.role);
    }

    this.metrics = new ServiceMetrics(this.loadBalancer, this.targetGroup, this.autoScalingGroup, this.database);
    const created = createAlarms(this, alarmSpecs, this.metrics, this.alarmTopic, namePrefix);
    this.alarms = created.alarms;
    this.serviceHealthAlarm = created.serviceHealth;
    watchRolloutAlarms(this.autoScalingGroup, created.critical);

    if (props.dashboard ?? true) {
      this.dashboard = createDashboard(this, {
        // Dashboards are global to the account: the region keeps one stack's services in two regions apart.
        name: `${namePrefix}-${stack.region}`,
        metrics: this.metrics,
        availabilityZoneNames: this.vpc.availabilityZones,
        minCapacity: blueprint.minCapacity,
        maxCapacity: blueprint.maxCapacity,
        healthyHostsNeeded: healthyHostsNeeded(blueprint, alarmContext),
        hasDatabase: !!blueprint.database,
        auroraReaders: !!blueprint.database?.aurora && blueprint.database.readers > 0,
        alarms: [...this.alarms, ...(this.serviceHealthAlarm ? [this.serviceHealthAlarm] : [])],
      });
    }

    const report = resilienceReport(blueprint, {
      alarmCount: this.alarms.length + (this.serviceHealthAlarm ? 1 : 0),
      demand: demand && {
        peakRequestsPerSecond: demand.peakRequestsPerSecond,
        requestsPerSecondPerInstance: demand.requestsPerSecondPerInstance,
        targetUtilization: demand.targetUtilization ?? DEFAULTS.targetUtilization,
      },
      natGateways: props.vpc ? countNatGateways(props.vpc) : azCount,
      environmentAgnostic: Token.isUnresolved(this.vpc.availabilityZones[0]),
    });
    this.resilienceReport = report;
    for (const finding of report.findings) {
      if (finding.id === FINDINGS.noHttps) continue; // warned about above
      Annotations.of(this).addWarningV2(`cdk-highly-available-service:${finding.id}`, finding.message);
    }
    new CfnOutput(this, 'ServiceUrl', { value: this.url, description: 'URL of the service' });

    const reportName = `${Names.uniqueId(this)}.resilience`;
    const title = this.node.path;
    attachCustomSynthesis(this, {
      onSynthesize(session: ISynthesisSession) {
        fs.writeFileSync(path.join(session.outdir, `${reportName}.json`), JSON.stringify(report, undefined, 2) + '\n');
        fs.writeFileSync(path.join(session.outdir, `${reportName}.md`), renderReportMarkdown(title, report));
      },
    });
  }
}

/** A given VPC must have the subnets each tier goes into. */
function checkSubnets(vpc: ec2.IVpc, internetFacing: boolean, database: boolean): void {
  const need: Array<[boolean, ec2.ISubnet[], string]> = [
    [true, vpc.privateSubnets, 'private subnets with egress (for the fleet)'],
    [internetFacing, vpc.publicSubnets, 'public subnets (for an internet-facing load balancer)'],
    [database, vpc.isolatedSubnets, 'isolated subnets (for the database)'],
  ];
  for (const [needed, subnets, what] of need) {
    if (needed && subnets.length === 0) {
      throw new ServiceValidationError(`vpc must have ${what}, received a VPC with none`);
    }
  }
}

/** NAT gateways defined in a VPC of this app (undefined for an imported VPC, whose NATs are unknown). */
function countNatGateways(vpc: ec2.IVpc): number | undefined {
  const nats = vpc.node.findAll().filter((c) => c instanceof ec2.CfnNatGateway).length;
  return nats > 0 || vpc instanceof ec2.Vpc ? nats : undefined;
}

/** The name of a hosted zone, when it is known at synth (an imported zone may only know its id). */
function zoneNameOf(zone: route53.IHostedZone | undefined): string | undefined {
  try {
    return zone?.zoneName;
  } catch {
    return undefined;
  }
}

/** The service appends commands to the user data, so it must be a shell script. */
function checkShellScript(userData: ec2.UserData): void {
  const head = userData.render().slice(0, 40);
  if (!head.startsWith('#!')) {
    throw new ServiceValidationError(
      `userData must be a shell script (ec2.UserData.forLinux()) so instances can report their health before they enter service, received one starting ${JSON.stringify(head.split('\n')[0])}; set signalOnHealthy: false to go without`,
    );
  }
}

// Fractions pass through: the validation names the prop instead of aws-cdk-lib's conversion error.
function seconds(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : d.toSeconds({ integral: false });
}

function days(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : d.toSeconds({ integral: false }) / 86_400;
}
