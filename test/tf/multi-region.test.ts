import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { TfSchema, checkTerraformJson, loadSchema } from './schema-check';
import { CapacityPlan, DatabaseEngine, MultiRegionService, RegionMode, tf } from '../../src';
import { lifecycleFindings } from '../../src/core/aws/lifecycle';
import { ACTIVATION_FUNCTION } from '../../src/core/region/activation';
import { Testing } from '../../src/tf/private/cdktf';
import { cfnResources as lifecycleCfn, tfResources as lifecycleTf } from '../lifecycle';

// The Terraform flavor of the multi-Region service, checked against the provider schema (and the
// newer one for the Region switch plan), and held to the CloudFormation flavor on the global layer.

const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'eu-central-1'];
const DNS = { domainName: 'shop.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' };
const demand = () => CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });

const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'has-multi-region-tf-'));
afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

const CONFIGURATIONS: Record<string, { mode?: RegionMode; engine?: DatabaseEngine; interval?: number; probes?: boolean }> = {
  Warm: {},
  // With outside-in probes: a canary in each Region on the name and on every Region's record.
  Active: { mode: RegionMode.ACTIVE_ACTIVE, engine: DatabaseEngine.AURORA_MYSQL, interval: 30, probes: true },
};

/** Both flavors of one configuration, synthesized once. */
function synthesize(id: string) {
  const c = CONFIGURATIONS[id];
  const cfnApp = new App({
    outdir: fs.mkdtempSync(path.join(outRoot, 'cfn-')),
    context: Object.fromEntries(REGIONS.map((r) => [`availability-zones:account=${ACCOUNT}:region=${r}`, ['a', 'b', 'c'].map((x) => `${r}${x}`)])),
  });
  const cfn = new MultiRegionService(cfnApp, id, {
    regions: REGIONS,
    account: ACCOUNT,
    ...DNS,
    mode: c.mode,
    healthCheckInterval: c.interval === undefined ? undefined : Duration.seconds(c.interval),
    service: { capacity: demand(), databaseEngine: c.engine, probes: c.probes },
  });
  const cfnAssembly = cfnApp.synth();
  const cfnTemplates = Object.fromEntries(Object.entries(cfn.stacks).map(([r, s]) => [r, cfnAssembly.getStackByName(s.stackName).template]));
  const cfnSwitch = cfnAssembly.getStackByName(cfn.switchStack!.stackName).template;

  const tfApp = Testing.app({ outdir: fs.mkdtempSync(path.join(outRoot, 'tf-')) });
  const terraform = new tf.MultiRegionService(tfApp, id, {
    regions: REGIONS,
    account: ACCOUNT,
    ...DNS,
    mode: c.mode,
    healthCheckInterval: c.interval,
    service: { capacity: demand(), databaseEngine: c.engine, probes: c.probes },
  });
  const tfConfigs = Object.fromEntries(Object.entries(terraform.stacks).map(([r, s]) => [r, JSON.parse(Testing.synth(s))]));
  const tfSwitch = JSON.parse(Testing.synth(terraform.switchStack!));
  tfApp.synth();
  return { cfn, cfnTemplates, cfnSwitch, terraform, tfConfigs, tfSwitch, tfOutdir: tfApp.outdir };
}

const synthesized = Object.fromEntries(Object.keys(CONFIGURATIONS).map((id) => [id, synthesize(id)]));

/** The 6.25 schema with the types only the multi-Region flavor adds. */
function regionSchema(): TfSchema {
  const base = loadSchema();
  const extra = JSON.parse(fs.readFileSync(path.join(__dirname, 'aws-provider-schema-multi-region.json'), 'utf8')) as TfSchema;
  expect(extra.source.provider_version).toBe(base.source.provider_version);
  return { ...base, resources: { ...base.resources, ...extra.resources }, data_sources: { ...base.data_sources, ...extra.data_sources } };
}

const tfResources = (config: any, type: string): any[] => Object.values(config.resource?.[type] ?? {});
const tfDataSources = (config: any, type: string): any[] => Object.values(config.data?.[type] ?? {});
const cfnResources = (template: any, type: string): any[] =>
  Object.values(template.Resources).filter((r: any) => r.Type === type).map((r: any) => r.Properties);

describe.each(Object.keys(CONFIGURATIONS))('tf.MultiRegionService %s', (id) => {
  const s = synthesized[id];

  test('each Region\'s configuration passes the provider schema check; the zip is archive_file\'s, with the arguments hashicorp/archive 2.x takes', () => {
    const schema = regionSchema();
    for (const config of Object.values(s.tfConfigs)) {
      const problems = checkTerraformJson(config, schema).filter((p) => !/unknown data source type "archive_file"/.test(p));
      expect(problems).toEqual([]);
      const [zip] = Object.values(config.data.archive_file) as any[];
      expect(Object.keys(zip).filter((k) => k !== '//').sort()).toEqual(['output_path', 'source', 'type']);
      expect(zip.source).toEqual([{ content: ACTIVATION_FUNCTION.code, filename: 'index.js' }]);
      expect(config.terraform.required_providers.archive).toEqual({ source: 'hashicorp/archive', version: '~> 2.7' });
      expect(config.terraform.required_providers.aws.version).toBe('~> 6.25');
    }
  });

  test('every resource of both flavors goes through the lifecycle table: a failed first create rolls back (CloudFormation), a teardown completes, a recreate with the same ids succeeds', () => {
    const findings = [
      ...[...Object.entries(s.cfnTemplates), ['switch', s.cfnSwitch]].flatMap(([name, t]) =>
        lifecycleFindings('cloudFormation', lifecycleCfn(t)).map((f) => `CloudFormation ${name}: ${f.message}`)),
      ...[...Object.entries(s.tfConfigs), ['switch', s.tfSwitch]].flatMap(([name, c]) =>
        lifecycleFindings('terraform', lifecycleTf(c)).map((f) => `Terraform ${name}: ${f.message}`)),
    ];
    expect(findings).toEqual([]);
  });

  test('the switch configuration passes the schema of the newer provider its plan needs, and pins it', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'aws-provider-schema-switch.json'), 'utf8')) as TfSchema;
    expect(checkTerraformJson(s.tfSwitch, schema)).toEqual([]);
    expect(s.tfSwitch.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: tf.SWITCH_PROVIDER_VERSION });
  });

  test('parity: the Region switch plan', () => {
    const [cfnPlan] = cfnResources(s.cfnSwitch, 'AWS::ARCRegionSwitch::Plan');
    const [tfPlan] = tfResources(s.tfSwitch, 'aws_arcregionswitch_plan');
    expect(tfPlan).toMatchObject({
      name: cfnPlan.Name,
      regions: cfnPlan.Regions,
      primary_region: cfnPlan.PrimaryRegion,
      recovery_approach: cfnPlan.RecoveryApproach,
      recovery_time_objective_minutes: cfnPlan.RecoveryTimeObjectiveMinutes,
    });
    expect(tfPlan.associated_alarms.map((a: any) => [a.map_block_key, a.resource_identifier]))
      .toEqual(Object.entries(cfnPlan.AssociatedAlarms).map(([k, a]: [string, any]) => [k, a.ResourceIdentifier]));
    const cfnSteps = cfnPlan.Workflows[0].Steps;
    const tfSteps = tfPlan.workflow[0].step;
    expect(tfSteps.map((x: any) => [x.name, x.execution_block_type])).toEqual(cfnSteps.map((x: any) => [x.Name, x.ExecutionBlockType]));
    // The EC2 Auto Scaling block: the same settings; the group ARNs are read in each Region (a
    // custom resource in CloudFormation, a data source with its region in Terraform).
    const asg = cfnSteps[0].ExecutionBlockConfiguration.Ec2AsgCapacityIncreaseConfig;
    expect(tfSteps[0].ec2_asg_capacity_increase_config[0]).toMatchObject({
      target_percent: asg.TargetPercent,
      capacity_monitoring_approach: asg.CapacityMonitoringApproach,
      ungraceful: [{ minimum_success_percentage: asg.Ungraceful.MinimumSuccessPercentage }],
      timeout_minutes: asg.TimeoutMinutes,
    });
    expect(asg.Asgs.map((a: any) => a.Arn['Fn::GetAtt'][1])).toEqual(['AutoScalingGroups.0.AutoScalingGroupARN', 'AutoScalingGroups.0.AutoScalingGroupARN']);
    expect(tfSteps[0].ec2_asg_capacity_increase_config[0].asg.map((a: any) => a.arn))
      .toEqual(REGIONS.map((r) => `\${element(data.aws_autoscaling_groups.SwitchGroup-${r}.arns, 0)}`));
    const lookups = tfDataSources(s.tfSwitch, 'aws_autoscaling_groups');
    expect(lookups.map((l) => l.region).sort()).toEqual([...REGIONS].sort());
    const lambda = cfnSteps[1].ExecutionBlockConfiguration.CustomActionLambdaConfig;
    expect(tfSteps[1].custom_action_lambda_config[0]).toEqual({
      lambda: lambda.Lambdas.map((l: any) => ({ arn: l.Arn })),
      region_to_run: lambda.RegionToRun,
      retry_interval_minutes: lambda.RetryIntervalMinutes,
      timeout_minutes: lambda.TimeoutMinutes,
    });
    const aurora = cfnSteps[2].ExecutionBlockConfiguration.GlobalAuroraConfig;
    expect(tfSteps[2].global_aurora_config[0]).toEqual({
      behavior: aurora.Behavior,
      ungraceful: [{ ungraceful: aurora.Ungraceful.Ungraceful }],
      global_cluster_identifier: aurora.GlobalClusterIdentifier,
      database_cluster_arns: aurora.DatabaseClusterArns,
      timeout_minutes: aurora.TimeoutMinutes,
    });
    const [tfPolicy] = tfResources(s.tfSwitch, 'aws_iam_role_policy');
    const cfnPolicy = Object.entries(s.cfnSwitch.Resources).find(([key, r]: [string, any]) => r.Type === 'AWS::IAM::Policy' && key.startsWith('SwitchRole'))![1] as any;
    expect(JSON.parse(tfPolicy.policy).Statement).toEqual(cfnPolicy.Properties.PolicyDocument.Statement);
    // The managed execution policy, and the plan created after the role's permissions.
    const [attachment] = tfResources(s.tfSwitch, 'aws_iam_role_policy_attachment');
    expect(attachment.policy_arn).toBe('arn:aws:iam::aws:policy/AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy');
    expect(tfPlan.depends_on).toEqual(['aws_iam_role_policy.SwitchRolePolicy', 'aws_iam_role_policy_attachment.SwitchRoleManaged']);
  });

  test.each(REGIONS)('parity in %s: the record, its health checks, the global-layer alarms', (region) => {
    const cfn = s.cfnTemplates[region];
    const config = s.tfConfigs[region];
    const [cfnRecord] = cfnResources(cfn, 'AWS::Route53::RecordSet');
    const [tfRecord] = tfResources(config, 'aws_route53_record').filter((r) => r.type === 'A');
    expect(tfRecord).toMatchObject({ name: 'shop.example.com', zone_id: cfnRecord.HostedZoneId, set_identifier: cfnRecord.SetIdentifier });
    expect(tfRecord.failover_routing_policy?.type).toBe(cfnRecord.Failover);
    expect(tfRecord.latency_routing_policy?.region).toBe(cfnRecord.Region);
    expect(tfRecord.alias.evaluate_target_health).toBe(cfnRecord.AliasTarget.EvaluateTargetHealth);
    const cfnChecks = cfnResources(cfn, 'AWS::Route53::HealthCheck').map((c) => c.HealthCheckConfig);
    const tfChecks = tfResources(config, 'aws_route53_health_check');
    expect(tfChecks.map((c) => c.type).sort()).toEqual(cfnChecks.map((c) => c.Type).sort());
    const cfnHttps = cfnChecks.find((c) => c.Type === 'HTTPS');
    expect(tfChecks.find((c) => c.type === 'HTTPS')).toMatchObject({
      port: cfnHttps.Port,
      resource_path: cfnHttps.ResourcePath,
      request_interval: cfnHttps.RequestInterval,
      failure_threshold: cfnHttps.FailureThreshold,
      enable_sni: false,
    });
    expect(cfnHttps.EnableSNI).toBe(false);
    // The calculated check needs every child: the endpoint and each writer check.
    const cfnCalculated = cfnChecks.find((c) => c.Type === 'CALCULATED');
    expect(tfChecks.find((c) => c.type === 'CALCULATED')?.child_health_threshold).toBe(cfnCalculated?.HealthThreshold);
    const cfnAlarms = cfnResources(cfn, 'AWS::CloudWatch::Alarm').filter((a) => a.Namespace === 'AWS/RDS' && a.MetricName === 'AuroraGlobalDBReplicationLag');
    const tfAlarms = tfResources(config, 'aws_cloudwatch_metric_alarm').filter((a) => a.metric_name === 'AuroraGlobalDBReplicationLag');
    const dims = (d: Array<{ Name: string; Value: string }>) => Object.fromEntries(d.map((x) => [x.Name, x.Value]));
    expect(tfAlarms.map((a) => [a.alarm_name, a.statistic, a.threshold, a.evaluation_periods, a.treat_missing_data, a.dimensions]).sort())
      .toEqual(cfnAlarms.map((a) => [a.AlarmName, a.Statistic, a.Threshold, a.EvaluationPeriods, a.TreatMissingData, dims(a.Dimensions)]).sort());
  });

  test.each(REGIONS)('parity in %s: the cluster in the global database, the activation function, the fleet', (region) => {
    const cfn = s.cfnTemplates[region];
    const config = s.tfConfigs[region];
    const [cfnCluster] = cfnResources(cfn, 'AWS::RDS::DBCluster');
    const [tfCluster] = tfResources(config, 'aws_rds_cluster');
    expect(tfCluster.cluster_identifier).toBe(cfnCluster.DBClusterIdentifier);
    expect(tfCluster.global_cluster_identifier).toBe(cfnCluster.GlobalClusterIdentifier);
    expect(tfCluster.master_username).toBe(cfnCluster.MasterUsername);
    expect(tfCluster.database_name).toBe(cfnCluster.DatabaseName);
    expect(tfCluster.manage_master_user_password).toBeUndefined();
    expect(tfCluster.enable_global_write_forwarding).toBe(cfnCluster.EnableGlobalWriteForwarding);
    expect(tfCluster.enable_local_write_forwarding).toBe(cfnCluster.EnableLocalWriteForwarding);
    // One full version on every member, in both flavors; the members' version follows the global database's upgrades.
    expect(tfCluster.engine_version).toBe(cfnCluster.EngineVersion);
    expect(tfCluster.engine_version).toMatch(/^(17\.7|8\.0\.mysql_aurora\.3\.10\.3)$/);
    expect(tfCluster.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['global_cluster_identifier', 'replication_source_identifier', 'engine_version']));
    // The switch raises the group: the next apply leaves its bounds as the switch left them.
    expect(tfResources(config, 'aws_autoscaling_group')[0].lifecycle.ignore_changes).toEqual(expect.arrayContaining(['min_size', 'max_size', 'desired_capacity']));
    // The instances' host: the global writer endpoint (standby modes) or their reader endpoint (active-active), read after the cluster joins.
    const [lookup] = Object.values<any>(config.data.aws_rds_global_cluster);
    expect(lookup.depends_on).toEqual([expect.stringMatching(/^aws_rds_cluster\.[A-Za-z0-9_-]+$/)]);
    // One configuration owns the shared certificate validation record: the primary's.
    expect(tfResources(config, 'aws_route53_record').filter((r) => r.type === 'CNAME')).toHaveLength(region === REGIONS[0] ? 1 : 0);
    const [cfnParameters] = cfnResources(cfn, 'AWS::RDS::DBClusterParameterGroup');
    const [tfParameters] = tfResources(config, 'aws_rds_cluster_parameter_group');
    expect(Object.fromEntries(tfParameters.parameter.map((p: any) => [p.name, p.value]))).toEqual(cfnParameters.Parameters);
    const cfnFunction = cfnResources(cfn, 'AWS::Lambda::Function').find((f) => f.FunctionName);
    const [tfFunction] = tfResources(config, 'aws_lambda_function');
    expect([tfFunction.function_name, tfFunction.runtime, tfFunction.timeout, tfFunction.handler])
      .toEqual([cfnFunction.FunctionName, cfnFunction.Runtime, cfnFunction.Timeout, cfnFunction.Handler]);
    for (const v of ['TARGET_MIN_CAPACITY', 'HEALTHY_TARGETS', 'POLL_SECONDS']) expect(tfFunction.environment.variables[v]).toBe(cfnFunction.Environment.Variables[v]);
    const [cfnGroup] = cfnResources(cfn, 'AWS::AutoScaling::AutoScalingGroup');
    const [tfGroup] = tfResources(config, 'aws_autoscaling_group');
    expect([tfGroup.min_size, tfGroup.max_size]).toEqual([Number(cfnGroup.MinSize), Number(cfnGroup.MaxSize)]);
  });

  test('parity: the global cluster and the secret in the primary\'s configuration; the experiment', () => {
    const [cfnGlobal] = cfnResources(s.cfnTemplates['eu-west-1'], 'AWS::RDS::GlobalCluster');
    const [tfGlobal] = tfResources(s.tfConfigs['eu-west-1'], 'aws_rds_global_cluster');
    expect(tfGlobal).toMatchObject({
      global_cluster_identifier: cfnGlobal.GlobalClusterIdentifier,
      engine: cfnGlobal.Engine,
      engine_version: cfnGlobal.EngineVersion,
      storage_encrypted: true,
      deletion_protection: true,
    });
    // CloudFormation: the same protection, set by the global cluster's release on rollback (Terraform has no rollback, so no release).
    const release = Object.values<any>(s.cfnTemplates['eu-west-1'].Resources).find((r) => r.Properties?.Target === 'globalCluster');
    expect(release.Properties.DeletionProtection).toBe(String(tfGlobal.deletion_protection));
    expect(cfnGlobal.DeletionProtection).toBeUndefined();
    expect(tfResources(s.tfConfigs['eu-central-1'], 'aws_rds_global_cluster')).toEqual([]);
    const [cfnSecret] = cfnResources(s.cfnTemplates['eu-west-1'], 'AWS::SecretsManager::Secret');
    const [tfSecret] = tfResources(s.tfConfigs['eu-west-1'], 'aws_secretsmanager_secret');
    expect(tfSecret).toMatchObject({ name: cfnSecret.Name, replica: cfnSecret.ReplicaRegions.map((r: any) => ({ region: r.Region })) });
    expect(Object.values(s.tfConfigs['eu-central-1'].data.aws_secretsmanager_secret)).toEqual([expect.objectContaining({ name: cfnSecret.Name })]);
    const cfnExperiment = cfnResources(s.cfnTemplates['eu-west-1'], 'AWS::FIS::ExperimentTemplate').find((e) => e.Tags.Name.endsWith('CrossRegionConnectivity'));
    const tfExperiment = tfResources(s.tfConfigs['eu-west-1'], 'aws_fis_experiment_template').find((e) => e.tags?.Name?.endsWith('CrossRegionConnectivity'));
    const cfnAction = Object.values(cfnExperiment.Actions)[0] as any;
    const parameters = Object.entries(cfnAction.Parameters).map(([key, value]) => ({ key, value }));
    expect(tfExperiment.action[0]).toMatchObject({ action_id: cfnAction.ActionId, parameter: parameters });
    // Targets of at most 5 subnets each (FIS refuses more), the same in both flavors.
    expect(tfExperiment.target.map((t: any) => [t.name, t.resource_arns.length]))
      .toEqual(Object.entries<any>(cfnExperiment.Targets).map(([name, t]) => [name, t.ResourceArns.length]));
  });

  test('parity: each Region\'s canary probes the name and every Region\'s record, and may read the zone\'s records', () => {
    const cfnCanaries = Object.fromEntries(Object.entries(s.cfnTemplates).map(([r, t]) => [r, cfnResources(t, 'AWS::Synthetics::Canary')]));
    const tfCanaries = Object.fromEntries(Object.entries(s.tfConfigs).map(([r, c]) => [r, tfResources(c, 'aws_synthetics_canary')]));
    if (!CONFIGURATIONS[id].probes) {
      expect([...Object.values(cfnCanaries), ...Object.values(tfCanaries)].flat()).toEqual([]);
      return;
    }
    const record = (region: string) => ({ id: region, url: 'https://shop.example.com', record: { hostedZoneId: DNS.hostedZoneId, name: DNS.domainName, type: 'A', setIdentifier: region } });
    const expected = { targets: [{ id: 'service', url: 'https://shop.example.com' }, ...REGIONS.map(record)], paths: expect.any(Array) };
    for (const region of REGIONS) {
      expect(JSON.parse(cfnCanaries[region][0].RunConfig.EnvironmentVariables.PROBES)).toEqual(expected);
      expect(JSON.parse(tfCanaries[region][0].run_config.environment_variables.PROBES)).toEqual(expected);
      expect(tfCanaries[region][0].name).toBe(cfnCanaries[region][0].Name);
      const zoneRead = (statements: any[]) => statements.find((st) => st.Sid === 'ReadRegionRecords');
      const cfnRole = cfnResources(s.cfnTemplates[region], 'AWS::IAM::Role').find((r) => r.Description?.startsWith('Runs the outside-in canary'));
      const tfPolicy = tfResources(s.tfConfigs[region], 'aws_iam_role_policy').map((p) => JSON.parse(p.policy)).find((p) => zoneRead(p.Statement));
      expect(zoneRead(tfPolicy.Statement).Resource).toEqual([expect.stringMatching(new RegExp(`^arn:\\$\\{data\\.aws_partition\\.\\w+\\.partition\\}:route53:::hostedzone/${DNS.hostedZoneId}$`))]);
      // aws-cdk-lib writes a list of one resource as the resource.
      expect(zoneRead(cfnRole.Policies[0].PolicyDocument.Statement).Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:route53:::hostedzone/${DNS.hostedZoneId}`]] });
    }
    // One name per Region: the canaries are in different Regions, each unique there.
    expect(new Set(REGIONS.map((r) => cfnCanaries[r][0].Name)).size).toBe(REGIONS.length);
  });

  test('the same report, written beside the primary\'s configuration', () => {
    expect(s.terraform.resilienceReport.figures).toEqual(s.cfn.resilienceReport.figures);
    expect(s.terraform.resilienceReport.switchPlans).toEqual(s.cfn.resilienceReport.switchPlans);
    expect(s.terraform.resilienceReport.regions.map((r) => [r.region, r.minCapacity, r.maxCapacity, r.activatedMinCapacity]))
      .toEqual(s.cfn.resilienceReport.regions.map((r) => [r.region, r.minCapacity, r.maxCapacity, r.activatedMinCapacity]));
    const file = path.join(s.tfOutdir, 'stacks', `${id}-eu-west-1`, `${id}.multi-region-resilience.md`);
    expect(fs.readFileSync(file, 'utf8')).toContain(`# Multi-Region resilience report: ${id}`);
  });
});

test('the Terraform flavor rejects what names something of one Region', () => {
  expect(() => new tf.MultiRegionService(Testing.app({ outdir: fs.mkdtempSync(path.join(outRoot, 'rejected-')) }), 'Shop', {
    regions: REGIONS, account: ACCOUNT, ...DNS, service: { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a', 'eu-west-1b'], certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' },
  })).toThrow(/service.certificate cannot be given[\s\S]*service.vpcId cannot be given to a multi-Region service: a VPC lives in one Region[\s\S]*service.availabilityZones cannot be given/);
});
