import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { checkTerraformJson } from './schema-check';
import { HighlyAvailableService, tf } from '../../src';
import { checkResource } from '../../src/core/aws/deployment-rules';
import { lifecycleFindings } from '../../src/core/aws/lifecycle';
import { serviceNamePrefix } from '../../src/core/base/naming';
import { TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { cfnResources, tfResources } from '../lifecycle';
import { Configuration, PARITY_CONFIGURATIONS, RESERVATIONS } from '../matrices';

// The parity matrix: each configuration synthesized once in both flavors (CloudFormation through
// aws-cdk-lib, Terraform through cdktf), from equivalent props, and the two compared on what the
// engine-neutral plan decides: how many of each resource, the target group, the fleet, its scaling,
// the alarms, the listeners and the resilience report.

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

// One folder per file for both flavors' output, removed when the file is done.
const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'has-parity-'));
afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

type Json = any;

/** The CloudFormation flavor: its template and the resilience report in its cloud assembly. */
function synthCfn(config: Configuration, dir: string) {
  // Without aws-cdk-lib's validate rules (they would only warn here) and cfn-lint: compliance.test.ts runs both on
  // configurations that set every prop (its every-prop test holds that), in one process for cfn-lint, which reads
  // about 50 resources a second. These combinations render the same resources.
  const app = new App({ outdir: dir, builtinCloudFormationValidation: false, context: { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: AZS } });
  const stack = new Stack(app, 'Shop', { env: { account: ACCOUNT, region: REGION } });
  new HighlyAvailableService(stack, 'Api', config.cfn(stack));
  const assembly = app.synth();
  const template: Json = assembly.getStackByName('Shop').template;
  // Both flavors name the report after the service's name prefix.
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${serviceNamePrefix('Shop', ['Api'])}.resilience.json`), 'utf8'));
  return { template, report };
}

/** The Terraform flavor: its configuration and the resilience report beside it. */
function synthTf(config: Configuration, dir: string) {
  const app = Testing.app({ outdir: dir });
  const stack = new TerraformStack(app, 'Shop');
  new tf.AwsProvider(stack, 'aws', { region: REGION });
  new tf.HighlyAvailableService(stack, 'Api', { availabilityZones: AZS, ...config.tf() });
  const json: Json = JSON.parse(Testing.synth(stack));
  // The report is written by the app's synthesis, beside the stack's cdk.tf.json.
  app.synth();
  const stackDir = path.join(dir, 'stacks', 'Shop');
  const reports = fs.readdirSync(stackDir).filter((f) => f.endsWith('.resilience.json'));
  expect(reports).toHaveLength(1);
  const report = JSON.parse(fs.readFileSync(path.join(stackDir, reports[0]), 'utf8'));
  return { json, report, configFile: path.join(stackDir, 'cdk.tf.json') };
}

/** What the plan decides, read from a CloudFormation template, in a shape shared with {@link tfView}. */
function cfnView(template: Json) {
  const resources = (type: string): Json[] => Object.values(template.Resources).filter((r: Json) => r.Type === type);
  const props = (type: string): Json[] => resources(type).map((r) => r.Properties);
  const one = (type: string) => {
    const all = resources(type);
    expect(all).toHaveLength(1);
    return all[0];
  };
  const alarmNameByLogicalId = Object.fromEntries(Object.entries(template.Resources)
    .filter(([, r]: [string, Json]) => r.Type === 'AWS::CloudWatch::Alarm').map(([id, r]: [string, Json]) => [id, r.Properties.AlarmName]));
  const tg = one('AWS::ElasticLoadBalancingV2::TargetGroup').Properties;
  const tgAttribute = (key: string) => tg.TargetGroupAttributes.find((a: Json) => a.Key === key)?.Value;
  const group = one('AWS::AutoScaling::AutoScalingGroup');
  const refresh = group.UpdatePolicy?.AutoScalingInstanceRefresh;
  const g = group.Properties;
  return {
    counts: {
      subnets: resources('AWS::EC2::Subnet').length,
      natGateways: resources('AWS::EC2::NatGateway').length,
      databaseInstances: resources('AWS::RDS::DBInstance').length,
      databaseClusters: resources('AWS::RDS::DBCluster').length,
      metricAlarms: resources('AWS::CloudWatch::Alarm').length,
      compositeAlarms: resources('AWS::CloudWatch::CompositeAlarm').length,
      dashboards: resources('AWS::CloudWatch::Dashboard').length,
      listeners: resources('AWS::ElasticLoadBalancingV2::Listener').length,
      experimentTemplates: resources('AWS::FIS::ExperimentTemplate').length,
      scalingPolicies: resources('AWS::AutoScaling::ScalingPolicy').length,
      scheduledActions: resources('AWS::AutoScaling::ScheduledAction').length,
      webAcls: resources('AWS::WAFv2::WebACL').length,
      canaries: resources('AWS::Synthetics::Canary').length,
      buckets: resources('AWS::S3::Bucket').length,
      // Not the release on rollback's: CloudFormation rolls a failed create back, Terraform has nothing to release.
      roles: Object.entries<Json>(template.Resources).filter(([id, r]) => r.Type === 'AWS::IAM::Role' && !/RollbackReleaseRole/.test(id)).length,
    },
    canaries: props('AWS::Synthetics::Canary').map((p) => ({
      name: p.Name,
      runtime: p.RuntimeVersion,
      handler: p.Code.Handler,
      script: p.Code.Script,
      schedule: p.Schedule.Expression,
      timeout: p.RunConfig.TimeoutInSeconds,
      started: p.StartCanaryAfterCreation,
      lambdaDeleted: p.ProvisionedResourceCleanup === 'AUTOMATIC',
      retention: [p.SuccessRetentionPeriod, p.FailureRetentionPeriod],
      encryption: p.ArtifactConfig.S3Encryption.EncryptionMode,
      probes: JSON.parse(joined(p.RunConfig.EnvironmentVariables.PROBES)),
    })),
    healthCheck: {
      path: tg.HealthCheckPath,
      protocol: tg.HealthCheckProtocol,
      port: tg.HealthCheckPort,
      interval: tg.HealthCheckIntervalSeconds,
      timeout: tg.HealthCheckTimeoutSeconds,
      healthyThreshold: tg.HealthyThresholdCount,
      unhealthyThreshold: tg.UnhealthyThresholdCount,
      matcher: tg.Matcher?.HttpCode,
    },
    targetGroup: {
      port: tg.Port,
      protocol: tg.Protocol,
      deregistrationDelay: Number(tgAttribute('deregistration_delay.timeout_seconds')),
      algorithm: tgAttribute('load_balancing.algorithm.type'),
      dnsFailoverMinimumHealthyPercent: tgAttribute('target_group_health.dns_failover.minimum_healthy_targets.percentage'),
      crossZone: tgAttribute('load_balancing.cross_zone.enabled'),
    },
    group: {
      minSize: Number(g.MinSize),
      maxSize: Number(g.MaxSize),
      healthCheckType: g.HealthCheckType,
      gracePeriod: g.HealthCheckGracePeriod,
      warmup: g.DefaultInstanceWarmup,
      maintenance: { min: g.InstanceMaintenancePolicy?.MinHealthyPercentage, max: g.InstanceMaintenancePolicy?.MaxHealthyPercentage },
      lifecycleHooks: (g.LifecycleHookSpecificationList ?? []).map((h: Json) => ({
        name: h.LifecycleHookName, transition: h.LifecycleTransition, defaultResult: h.DefaultResult, heartbeatTimeout: h.HeartbeatTimeout,
      })),
      instanceTypes: g.MixedInstancesPolicy?.LaunchTemplate?.Overrides?.map((o: Json) => o.InstanceType),
      capacityDistributionStrategy: g.AvailabilityZoneDistribution?.CapacityDistributionStrategy,
      capacityReservation: g.CapacityReservationSpecification && {
        preference: g.CapacityReservationSpecification.CapacityReservationPreference,
        resourceGroups: g.CapacityReservationSpecification.CapacityReservationTarget?.CapacityReservationResourceGroupArns,
      },
      warmPool: props('AWS::AutoScaling::WarmPool').map((w) => ({
        state: w.PoolState, minSize: w.MinSize, maxPrepared: w.MaxGroupPreparedCapacity, reuse: w.InstanceReusePolicy?.ReuseOnScaleIn,
      }))[0],
    },
    refresh: refresh && {
      strategy: refresh.Strategy,
      minHealthy: refresh.Preferences.MinHealthyPercentage,
      maxHealthy: refresh.Preferences.MaxHealthyPercentage,
      warmup: Number(refresh.Preferences.InstanceWarmup),
      skipMatching: refresh.Preferences.SkipMatching,
      checkpoints: refresh.Preferences.CheckpointPercentages,
      checkpointDelay: Number(refresh.Preferences.CheckpointDelay),
      // A Ref to an alarm is its name.
      alarmNames: (refresh.Preferences.AlarmSpecification?.Alarms ?? []).map((a: Json) => alarmNameByLogicalId[a.Ref]),
    },
    scalingTargets: props('AWS::AutoScaling::ScalingPolicy').map((p) => ({
      policyType: p.PolicyType,
      metric: p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType,
      target: p.TargetTrackingConfiguration?.TargetValue,
      disableScaleIn: p.TargetTrackingConfiguration?.DisableScaleIn ?? false,
    })).sort(byJson),
    scheduled: props('AWS::AutoScaling::ScheduledAction').map((p) => ({
      minSize: p.MinSize, maxSize: p.MaxSize, recurrence: p.Recurrence, timeZone: p.TimeZone,
    })).sort(byJson),
    alarms: props('AWS::CloudWatch::Alarm').map((p) => ({
      name: p.AlarmName,
      threshold: p.Threshold,
      comparison: p.ComparisonOperator,
      evaluationPeriods: p.EvaluationPeriods,
      datapointsToAlarm: p.DatapointsToAlarm,
      treatMissingData: p.TreatMissingData,
    })).sort(byJson),
    compositeAlarmNames: props('AWS::CloudWatch::CompositeAlarm').map((p) => p.AlarmName).sort(),
    loadBalancer: {
      internal: one('AWS::ElasticLoadBalancingV2::LoadBalancer').Properties.Scheme === 'internal',
      reservedCapacityUnits: one('AWS::ElasticLoadBalancingV2::LoadBalancer').Properties.MinimumLoadBalancerCapacity?.CapacityUnits,
      // Who may reach the listeners: every CIDR rule, inline or on its own.
      ingress: [
        ...props('AWS::EC2::SecurityGroup').flatMap((p) => p.SecurityGroupIngress ?? []),
        ...props('AWS::EC2::SecurityGroupIngress'),
      ].filter((r) => r.CidrIp !== undefined).map((r) => ({ cidr: r.CidrIp, from: r.FromPort, to: r.ToPort })).sort(byJson),
    },
    listeners: props('AWS::ElasticLoadBalancingV2::Listener').map((p) => {
      const [action] = p.DefaultActions;
      return {
        port: p.Port,
        protocol: p.Protocol,
        action: action.Type,
        redirect: action.RedirectConfig && {
          port: action.RedirectConfig.Port, protocol: action.RedirectConfig.Protocol, statusCode: action.RedirectConfig.StatusCode,
        },
        certificate: (p.Certificates ?? []).length > 0,
        sslPolicy: p.SslPolicy,
      };
    }).sort(byJson),
  };
}

/** A CloudFormation string built with Fn::Join, the load balancer's DNS name written `<load balancer>`. */
function joined(value: Json): string {
  if (typeof value === 'string') return value;
  return value['Fn::Join'][1].map((part: Json) => (typeof part === 'string' ? part : part['Fn::GetAtt']?.[1] === 'DNSName' ? '<load balancer>' : JSON.stringify(part))).join('');
}

/** One file of a zip whose entries are stored (not compressed), as the Terraform flavor writes its canary's. */
function storedZipEntry(zip: Buffer, name: string): string {
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const start = at + 30 + nameLength + extra;
    if (zip.toString('utf8', at + 30, at + 30 + nameLength) === name) return zip.toString('utf8', start, start + size);
    at = start + size;
  }
  throw new Error(`no ${name} in the zip`);
}

/** The same view of a Terraform configuration; `zipDir` is where the app wrote the files beside it. */
function tfView(json: Json, zipDir?: string) {
  const values = (type: string): Json[] => Object.values(json.resource[type] ?? {});
  const one = (type: string) => {
    const all = values(type);
    expect(all).toHaveLength(1);
    return all[0];
  };
  const tg = one('aws_lb_target_group');
  const hc = tg.health_check;
  const g = one('aws_autoscaling_group');
  const refresh = g.instance_refresh;
  return {
    counts: {
      subnets: values('aws_subnet').length,
      natGateways: values('aws_nat_gateway').length,
      databaseInstances: values('aws_rds_cluster_instance').length + values('aws_db_instance').length,
      databaseClusters: values('aws_rds_cluster').length,
      metricAlarms: values('aws_cloudwatch_metric_alarm').length,
      compositeAlarms: values('aws_cloudwatch_composite_alarm').length,
      dashboards: values('aws_cloudwatch_dashboard').length,
      listeners: values('aws_lb_listener').length,
      experimentTemplates: values('aws_fis_experiment_template').length,
      scalingPolicies: values('aws_autoscaling_policy').length,
      scheduledActions: values('aws_autoscaling_schedule').length,
      webAcls: values('aws_wafv2_web_acl').length,
      canaries: values('aws_synthetics_canary').length,
      buckets: values('aws_s3_bucket').length,
      roles: values('aws_iam_role').length,
    },
    canaries: values('aws_synthetics_canary').map((p) => ({
      name: p.name,
      runtime: p.runtime_version,
      handler: p.handler,
      script: zipDir && storedZipEntry(fs.readFileSync(path.join(zipDir, p.zip_file.replace('${path.module}/', ''))), 'nodejs/node_modules/index.js'),
      schedule: p.schedule.expression,
      timeout: p.run_config.timeout_in_seconds,
      started: p.start_canary,
      lambdaDeleted: p.delete_lambda,
      retention: [p.success_retention_period, p.failure_retention_period],
      encryption: p.artifact_config.s3_encryption.encryption_mode,
      probes: JSON.parse(p.run_config.environment_variables.PROBES.replace(/\$\{aws_lb\.[A-Za-z0-9_]+\.dns_name\}/g, '<load balancer>')),
    })),
    healthCheck: {
      path: hc.path,
      protocol: hc.protocol,
      port: hc.port,
      interval: hc.interval,
      timeout: hc.timeout,
      healthyThreshold: hc.healthy_threshold,
      unhealthyThreshold: hc.unhealthy_threshold,
      matcher: hc.matcher,
    },
    targetGroup: {
      port: tg.port,
      protocol: tg.protocol,
      deregistrationDelay: Number(tg.deregistration_delay),
      algorithm: tg.load_balancing_algorithm_type,
      dnsFailoverMinimumHealthyPercent: tg.target_group_health?.dns_failover?.minimum_healthy_targets_percentage,
      crossZone: tg.load_balancing_cross_zone_enabled,
    },
    group: {
      minSize: g.min_size,
      maxSize: g.max_size,
      healthCheckType: g.health_check_type,
      gracePeriod: g.health_check_grace_period,
      warmup: g.default_instance_warmup,
      maintenance: { min: g.instance_maintenance_policy?.min_healthy_percentage, max: g.instance_maintenance_policy?.max_healthy_percentage },
      lifecycleHooks: (g.initial_lifecycle_hook ?? []).map((h: Json) => ({
        name: h.name, transition: h.lifecycle_transition, defaultResult: h.default_result, heartbeatTimeout: h.heartbeat_timeout,
      })),
      instanceTypes: g.mixed_instances_policy?.launch_template?.override?.map((o: Json) => o.instance_type),
      capacityDistributionStrategy: g.availability_zone_distribution?.capacity_distribution_strategy,
      capacityReservation: g.capacity_reservation_specification && {
        preference: g.capacity_reservation_specification.capacity_reservation_preference,
        resourceGroups: g.capacity_reservation_specification.capacity_reservation_target?.capacity_reservation_resource_group_arns,
      },
      warmPool: g.warm_pool && {
        state: g.warm_pool.pool_state,
        minSize: g.warm_pool.min_size,
        maxPrepared: g.warm_pool.max_group_prepared_capacity,
        reuse: g.warm_pool.instance_reuse_policy?.reuse_on_scale_in,
      },
    },
    refresh: refresh && {
      strategy: refresh.strategy,
      minHealthy: refresh.preferences.min_healthy_percentage,
      maxHealthy: refresh.preferences.max_healthy_percentage,
      warmup: Number(refresh.preferences.instance_warmup),
      skipMatching: refresh.preferences.skip_matching,
      checkpoints: refresh.preferences.checkpoint_percentages,
      checkpointDelay: Number(refresh.preferences.checkpoint_delay),
      alarmNames: refresh.preferences.alarm_specification?.alarms ?? [],
    },
    scalingTargets: values('aws_autoscaling_policy').map((p) => ({
      policyType: p.policy_type,
      metric: p.target_tracking_configuration?.predefined_metric_specification?.predefined_metric_type,
      target: p.target_tracking_configuration?.target_value,
      disableScaleIn: p.target_tracking_configuration?.disable_scale_in ?? false,
    })).sort(byJson),
    scheduled: values('aws_autoscaling_schedule').map((p) => ({
      minSize: p.min_size, maxSize: p.max_size, recurrence: p.recurrence, timeZone: p.time_zone,
    })).sort(byJson),
    alarms: values('aws_cloudwatch_metric_alarm').map((p) => ({
      name: p.alarm_name,
      threshold: p.threshold,
      comparison: p.comparison_operator,
      evaluationPeriods: p.evaluation_periods,
      datapointsToAlarm: p.datapoints_to_alarm,
      treatMissingData: p.treat_missing_data,
    })).sort(byJson),
    compositeAlarmNames: values('aws_cloudwatch_composite_alarm').map((p) => p.alarm_name).sort(),
    loadBalancer: {
      internal: one('aws_lb').internal,
      reservedCapacityUnits: one('aws_lb').minimum_load_balancer_capacity?.capacity_units,
      ingress: values('aws_vpc_security_group_ingress_rule').filter((r) => r.cidr_ipv4 !== undefined)
        .map((r) => ({ cidr: r.cidr_ipv4, from: r.from_port, to: r.to_port })).sort(byJson),
    },
    listeners: values('aws_lb_listener').map((p) => {
      const [action] = p.default_action;
      return {
        port: p.port,
        protocol: p.protocol,
        action: action.type,
        redirect: action.redirect && { port: action.redirect.port, protocol: action.redirect.protocol, statusCode: action.redirect.status_code },
        certificate: p.certificate_arn !== undefined,
        sslPolicy: p.ssl_policy,
      };
    }).sort(byJson),
  };
}

/** A configuration without cdktf's "//" metadata, which `Testing.synth` leaves out. */
function withoutMetadata(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '//').map(([key, v]) => [key, withoutMetadata(v)]));
}

function byJson(a: unknown, b: unknown): number {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Each configuration in both flavors, synthesized once and shared by every test that reads it. */
interface Synthesized {
  readonly cfn: ReturnType<typeof synthCfn>;
  readonly terraform: ReturnType<typeof synthTf>;
  /** The two views compared. */
  readonly c: ReturnType<typeof cfnView>;
  readonly t: ReturnType<typeof tfView>;
}
const synthesized = new Map<string, Synthesized>();
function both(config: Configuration): Synthesized {
  let found = synthesized.get(config.name);
  if (!found) {
    const dir = fs.mkdtempSync(path.join(outRoot, 'config-'));
    const cfn = synthCfn(config, path.join(dir, 'cfn'));
    const terraform = synthTf(config, path.join(dir, 'tf'));
    found = { cfn, terraform, c: cfnView(cfn.template), t: tfView(terraform.json, path.dirname(terraform.configFile)) };
    synthesized.set(config.name, found);
  }
  return found;
}

describe.each(PARITY_CONFIGURATIONS.map((config) => [config.name, config] as const))('%s: both flavors agree', (_name, config) => {
  let s: Synthesized;
  beforeAll(() => {
    s = both(config);
  });

  test('every resource of both flavors goes through the lifecycle table: a failed first create, a teardown and a recreate with the same ids pass', () => {
    expect(lifecycleFindings('cloudFormation', cfnResources(s.cfn.template)).map((f) => f.message)).toEqual([]);
    expect(lifecycleFindings('terraform', tfResources(s.terraform.json)).map((f) => f.message)).toEqual([]);
  });

  test('the Terraform configuration passes the offline schema check, as written to disk', () => {
    expect(checkTerraformJson(s.terraform.json)).toEqual([]);
    // The file the app writes holds the same resources and data sources, with cdktf's metadata ("//") and a backend on top.
    const onDisk = withoutMetadata(JSON.parse(fs.readFileSync(s.terraform.configFile, 'utf8')));
    expect(checkTerraformJson(onDisk)).toEqual([]);
    expect({ resource: onDisk.resource, data: onDisk.data }).toEqual({ resource: s.terraform.json.resource, data: s.terraform.json.data });
  });

  test('every resource of both flavors keeps the deployment rules (names, descriptions, versions)', () => {
    const cfn = Object.values<Json>(s.cfn.template.Resources).flatMap((r) => checkResource('cloudFormation', r.Type, r.Properties));
    const terraform = Object.entries<Json>(s.terraform.json.resource)
      .flatMap(([type, resources]) => Object.values<Json>(resources).flatMap((r) => checkResource('terraform', type, r)));
    expect([...cfn, ...terraform].map((f) => f.message)).toEqual([]);
  });

  test('the same number of each kind of resource', () => {
    expect(s.t.counts).toEqual(s.c.counts);
  });

  test('the same canary: name, runtime, the same script, schedule, timeout, started, its function deleted with it, retention, encryption, what it probes', () => {
    expect(s.t.canaries).toEqual(s.c.canaries);
  });

  test('the same target group: health check, deregistration delay, algorithm, DNS failover', () => {
    expect(s.t.healthCheck).toEqual(s.c.healthCheck);
    expect(s.t.targetGroup).toEqual(s.c.targetGroup);
  });

  test('the same group: bounds, grace period, warm-up, maintenance policy, lifecycle hook, instance types', () => {
    expect(s.t.group).toEqual(s.c.group);
  });

  test('the same rolling refresh, rolled back by the same alarms', () => {
    expect(s.c.refresh).toBeDefined();
    expect(s.c.refresh.alarmNames.length).toBeGreaterThan(0);
    expect(s.c.refresh.alarmNames.every((n: unknown) => typeof n === 'string')).toBe(true);
    expect(s.t.refresh).toEqual(s.c.refresh);
  });

  test('the same scaling targets and scheduled actions', () => {
    expect(s.t.scalingTargets).toEqual(s.c.scalingTargets);
    expect(s.t.scheduled).toEqual(s.c.scheduled);
  });

  test('the same alarms: names, thresholds, comparisons, periods, datapoints, missing data', () => {
    expect(s.c.alarms.length).toBeGreaterThan(0);
    expect(s.t.alarms).toEqual(s.c.alarms);
    expect(s.t.compositeAlarmNames).toEqual(s.c.compositeAlarmNames);
  });

  test('the same load balancer scheme, CIDRs and listeners: ports, protocols, redirect, certificate, TLS policy', () => {
    expect(s.c.loadBalancer.ingress.length).toBeGreaterThan(0);
    expect(s.t.loadBalancer).toEqual(s.c.loadBalancer);
    expect(s.t.listeners).toEqual(s.c.listeners);
  });

  test('the same resilience report, but for the group\'s deletion protection', () => {
    // Neither flavor has autoshift in these configurations, so neither AZ experiment shifts anything:
    // the predictions are the same. hashicorp/aws 6.25 cannot set the group's deletion protection: the report says so.
    const normalized = ({ fleetDeletionProtection, ...report }: any) => report;
    expect(normalized(s.terraform.report)).toEqual(normalized(s.cfn.report));
    expect(s.cfn.report.fleetDeletionProtection).toMatch(/^prevent-all-deletion/);
    expect(s.terraform.report.fleetDeletionProtection).toBe('none: the Terraform flavor cannot set it (hashicorp/aws 6.25 has no argument for it); deletionProtection protects the load balancer and the database');
    const az = (report: any) => report.experiments.find((e: any) => e.id === 'AzImpairment').summary;
    expect(az(s.terraform.report)).toContain('Nothing shifts by itself');
  });
});

// Guards against a matrix that compares two equally empty views: each configuration shows its feature in the template.
test('each configuration changes what it claims to: schedules, readers, a DB instance, no database, an internal listener, HTTPS', () => {
  const view = (name: string) => both(PARITY_CONFIGURATIONS.find((config) => config.name === name)!).c;
  const base = view('default');
  const planned = view('planned demand with schedules');
  expect(planned.scheduled.map((a) => [a.recurrence, a.timeZone])).toEqual([['0 8 * * MON-FRI', 'Europe/Paris'], ['30 22 * * *', undefined]]);
  expect(planned.scalingTargets.map((a) => a.metric)).toContain('ALBRequestCountPerTarget');
  expect(planned.group.minSize).not.toBe(base.group.minSize);
  expect(base.counts.databaseInstances).toBe(2);
  expect(view('Aurora MySQL with 2 readers').counts.databaseInstances).toBe(3);
  expect(view('Multi-AZ Postgres instance').counts).toEqual(expect.objectContaining({ databaseInstances: 1, databaseClusters: 0 }));
  expect(view('stateless').counts).toEqual(expect.objectContaining({ databaseInstances: 0, databaseClusters: 0 }));
  const internal = view('internal with CIDRs');
  expect(internal.counts.webAcls).toBe(0);
  expect(internal.loadBalancer).toEqual({ internal: true, ingress: [{ cidr: '10.0.0.0/8', from: 80, to: 80 }] });
  expect(base.counts.webAcls).toBe(1);
  expect(view('HTTPS with a domain').listeners.map((l) => [l.port, l.protocol, l.action])).toEqual([[443, 'HTTPS', 'forward'], [80, 'HTTP', 'redirect']]);
  // The canaries: on the name over HTTPS, on the load balancer's DNS name over HTTP; none by default.
  expect(base.canaries).toEqual([]);
  expect(view('HTTPS with a domain').canaries.map((c) => c.probes.targets)).toEqual([[{ id: 'service', url: 'https://api.example.com' }]]);
  expect(view('stateless').canaries.map((c) => c.probes.targets)).toEqual([[{ id: 'service', url: 'http://<load balancer>' }]]);
  // Without a demand plan: AWS's default distribution, no reservation of any kind.
  expect(base.group).toEqual(expect.objectContaining({ capacityDistributionStrategy: 'balanced-best-effort', capacityReservation: undefined, warmPool: undefined }));
  expect(base.loadBalancer.reservedCapacityUnits).toBeUndefined();
  expect(planned.group.capacityDistributionStrategy).toBe('balanced-only');
  // A demand plan alone reserves nothing (opt-in).
  expect(planned.loadBalancer.reservedCapacityUnits).toBeUndefined();
  const assured = view('capacity you can count on');
  // 1000 requests x 100 kB = 360 GB an hour: 360 LCUs, x 3/2.
  expect(assured.loadBalancer.reservedCapacityUnits).toBe(540);
  expect(assured.group).toEqual(expect.objectContaining({
    capacityReservation: { preference: 'capacity-reservations-first', resourceGroups: [RESERVATIONS] },
    // 8 per AZ over 3 AZs: 4 stopped per AZ, so the 2 AZs left after losing one hold 8.
    warmPool: { state: 'Stopped', minSize: 12, maxPrepared: 12, reuse: true },
  }));
});
