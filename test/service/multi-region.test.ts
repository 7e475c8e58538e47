import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { CfnResource, Duration, Stack, Validations, cx_api as cxapi } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CapacityPlan, DatabaseEngine, MultiRegionService, MultiRegionServiceProps, RegionMode } from '../../src';
import { RELEASE_RESOURCE_TYPE, lifecycleFindings } from '../../src/core/aws/lifecycle';
import { cfnLint } from '../cfn-lint';
import { cfnResources } from '../lifecycle';
import { imageContextKey, testApp } from '../util';

const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'eu-central-1'];
const AZ_CONTEXT = Object.fromEntries(REGIONS.map((r) => [`availability-zones:account=${ACCOUNT}:region=${r}`, ['a', 'b', 'c'].map((x) => `${r}${x}`)]));
const DNS = { domainName: 'shop.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' };
const DEMAND = CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });

/**
 * The three modes, each a multi-Region service of two Regions, in one app synthesized once with
 * every check. Beyond the warm standby (the zero-config service in each Region), the services
 * leave out the single-Region parts compliance.test.ts already checks (dashboard, web ACL, the
 * AZ experiments): the Control Tower rules' time grows with every resource they read.
 */
const SLIM = { dashboard: false, webAcl: false, faultInjection: false } as const;
const MODES: Record<string, MultiRegionServiceProps> = {
  Warm: { regions: REGIONS, account: ACCOUNT, ...DNS, service: { capacity: DEMAND } },
  Hot: {
    regions: REGIONS,
    account: ACCOUNT,
    ...DNS,
    mode: RegionMode.HOT_STANDBY,
    recoveryTimeObjective: Duration.minutes(10),
    service: { capacity: DEMAND, ...SLIM },
  },
  Active: {
    regions: REGIONS,
    account: ACCOUNT,
    ...DNS,
    mode: RegionMode.ACTIVE_ACTIVE,
    healthCheckInterval: Duration.seconds(30),
    healthCheckFailureThreshold: 2,
    service: { capacity: DEMAND, databaseEngine: DatabaseEngine.AURORA_MYSQL, ...SLIM },
  },
};

/** The unacknowledged violations in the assembly's validation report (the report is the proof, as in compliance.test.ts). */
function violations(assembly: cxapi.CloudAssembly): string[] {
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  return (report.pluginReports as any[]).flatMap((p) => (p.violations as any[]).flatMap((v) =>
    (v.violatingConstructs as any[]).map((c) => `${p.pluginName}:${v.ruleName}@${c.constructPath}`)));
}

const CONTROL_TOWER_RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

/** The Control Tower rule files that name a resource type of the app (the others cannot fire). */
function controlTowerChecks(app: IConstruct): CfnGuardValidator {
  const types = new Set(app.node.findAll().filter(CfnResource.isCfnResource).map((r) => r.cfnResourceType));
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    const named = e.name.endsWith('.guard') ? fs.readFileSync(full, 'utf8').match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? [] : [];
    return named.some((t) => types.has(t)) ? [full] : [];
  });
  return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: walk(CONTROL_TOWER_RULES), maxBuffer: 64 * 1024 * 1024 });
}

describe('MultiRegionService, each mode with two Regions, synthesized once with cdk-nag, Control Tower and cfn-lint', () => {
  const app = testApp({ context: { ...AZ_CONTEXT, '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const services = Object.fromEntries(Object.entries(MODES).map(([id, props]) => [id, new MultiRegionService(app, id, props)]));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), controlTowerChecks(app));
  const assembly = app.synth();
  const template = (stack: Stack) => Template.fromJSON(JSON.parse(fs.readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8')));
  const templates = (id: string) => Object.fromEntries(REGIONS.map((r) => [r, template(services[id].stacks[r])]));
  const resources = (t: Template, type: string) => Object.values(t.findResources(type)) as any[];

  test('no unacknowledged cdk-nag or Control Tower violation', () => {
    expect(violations(assembly)).toEqual([]);
  });

  test('every stack of every mode goes through the lifecycle table: a failed first create rolls back (the walk), a teardown completes, a recreate with the same ids succeeds', () => {
    for (const a of assembly.stacks) {
      expect({ stack: a.stackName, findings: lifecycleFindings('cloudFormation', cfnResources(a.template)).map((f) => f.message) })
        .toEqual({ stack: a.stackName, findings: [] });
    }
    // Each Region's service has its releases: the load balancer, the cluster (primary or secondary) and the group; the primary's also the global database.
    for (const a of assembly.stacks.filter((x) => !x.stackName.endsWith('-switch'))) {
      const targets = Object.values<any>(a.template.Resources).filter((r) => r.Type === RELEASE_RESOURCE_TYPE).map((r) => r.Properties.Target).sort();
      const expected = ['autoScalingGroup', 'databaseCluster', ...(a.stackName.endsWith(`-${REGIONS[0]}`) ? ['globalCluster'] : []), 'loadBalancer'];
      expect({ stack: a.stackName, targets }).toEqual({ stack: a.stackName, targets: expected });
    }
  });

  test('cfn-lint finds nothing beyond its documented ignores (the hot standby\'s templates differ from the warm one\'s only in numbers)', () => {
    // The ignores are the test suite's one list, each with its reason (test/cfn-lint.ts).
    const stacks = assembly.stacks.filter((s) => !s.stackName.startsWith('Hot-') || s.stackName === 'Hot-switch');
    const lint = cfnLint(Object.fromEntries(stacks.map((s) => [s.stackName, s.template])), REGIONS);
    expect(lint.findings).toEqual([]);
  });

  test('the cross-Region experiment cuts every subnet of the primary, at most 5 to a target (FIS refuses more), one action per Region and target', () => {
    const experiments = resources(templates('Warm')['eu-west-1'], 'AWS::FIS::ExperimentTemplate')
      .filter((r) => String(r.Properties.Tags?.Name).endsWith('-CrossRegionConnectivity'));
    expect(experiments).toHaveLength(1);
    const targets = Object.values<any>(experiments[0].Properties.Targets);
    expect(targets.map((t) => t.ResourceArns.length)).toEqual([5, 4]);
    expect(Object.entries<any>(experiments[0].Properties.Actions).map(([name, a]) => [name, a.Targets.Subnets]))
      .toEqual([['Isolate-eu-central-1-1', 'Subnets1'], ['Isolate-eu-central-1-2', 'Subnets2']]);
  });

  test('one stack per Region and one for the switch; each secondary after the primary, the switch after all', () => {
    const warm = services.Warm;
    expect(Object.values(warm.stacks).map((s) => s.stackName)).toEqual(['Warm-eu-west-1', 'Warm-eu-central-1']);
    expect(warm.switchStack?.stackName).toBe('Warm-switch');
    expect(warm.stacks['eu-central-1'].dependencies).toContain(warm.stacks['eu-west-1']);
    expect(warm.switchStack!.dependencies).toEqual(expect.arrayContaining(Object.values(warm.stacks)));
    expect(warm.switchStack!.region).toBe('eu-west-1');
    // No cross-stack reference: no export, no import. The only custom resources read what no
    // template can reference: the global writer endpoint's address (each Region reads it in its own
    // Region) and each Region's group ARN (the switch stack, for ARC's EC2 Auto Scaling block).
    for (const a of assembly.stacks) {
      const t = a.template;
      expect(Object.keys(t.Outputs ?? {}).filter((k) => t.Outputs[k].Export)).toEqual([]);
      expect(JSON.stringify(t)).not.toContain('Fn::ImportValue');
      // (Beside them, each Region's releases on rollback, which read nothing.)
      const reads = Object.values(t.Resources as Record<string, any>).filter((r) => r.Type.startsWith('Custom::') && r.Type !== RELEASE_RESOURCE_TYPE)
        .map((r) => JSON.parse(r.Properties.Create));
      expect(reads.map((c) => `${c.service}.${c.action} ${c.outputPaths}`).sort()).toEqual(a.stackName.endsWith('-switch')
        ? ['AutoScaling.describeAutoScalingGroups AutoScalingGroups.0.AutoScalingGroupARN', 'AutoScaling.describeAutoScalingGroups AutoScalingGroups.0.AutoScalingGroupARN']
        : ['RDS.describeGlobalClusters GlobalClusters.0.Endpoint']);
    }
  });

  test.each(Object.keys(MODES))('%s: the global cluster, the primary in it with the replicated secret, the secondary credential-free', (id) => {
    const t = templates(id);
    const [primary, secondary] = REGIONS.map((r) => resources(t[r], 'AWS::RDS::DBCluster')[0].Properties);
    const global = resources(t['eu-west-1'], 'AWS::RDS::GlobalCluster');
    expect(global).toHaveLength(1);
    expect(global[0].Properties).toMatchObject({ StorageEncrypted: true, EngineVersion: primary.EngineVersion, Engine: primary.Engine });
    const gid = global[0].Properties.GlobalClusterIdentifier;
    // Its protection is its release's to set (no control requires it at create): on, and named by the global cluster's own ARN.
    expect(global[0].Properties.DeletionProtection).toBeUndefined();
    const [globalId] = Object.keys(t['eu-west-1'].findResources('AWS::RDS::GlobalCluster'));
    expect(resources(t['eu-west-1'], RELEASE_RESOURCE_TYPE).filter((r) => r.Properties.Target === 'globalCluster').map((r) => r.Properties))
      .toEqual([expect.objectContaining({ Resource: { Ref: globalId }, DeletionProtection: 'true' })]);
    const modify = resources(t['eu-west-1'], 'AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((x: any) => x.Action === 'rds:ModifyGlobalCluster');
    expect(modify.map((x: any) => x.Resource)).toEqual([`arn:aws:rds::${ACCOUNT}:global-cluster:${gid}`]);
    expect(primary).toMatchObject({ GlobalClusterIdentifier: gid, MasterUsername: 'service_admin', DatabaseName: 'app', StorageEncrypted: true });
    expect(primary.ManageMasterUserPassword).toBeUndefined();
    expect(secondary.GlobalClusterIdentifier).toBe(gid);
    for (const p of ['MasterUsername', 'MasterUserPassword', 'ManageMasterUserPassword', 'DatabaseName', 'BacktrackWindow']) expect(secondary[p]).toBeUndefined();
    expect(primary.BacktrackWindow).toBeUndefined();
    const secret = resources(t['eu-west-1'], 'AWS::SecretsManager::Secret')[0].Properties;
    expect(secret.ReplicaRegions).toEqual([{ Region: 'eu-central-1' }]);
    expect(resources(t['eu-west-1'], 'AWS::SecretsManager::RotationSchedule')[0].Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(30 days)' });
    expect(resources(t['eu-central-1'], 'AWS::SecretsManager::Secret')).toEqual([]);
    // The secondary's instances read their Region's replica, by its name.
    expect(JSON.stringify(resources(t['eu-central-1'], 'AWS::IAM::Policy'))).toContain(`secret:${secret.Name}-??????`);
  });

  test('active-active: every cluster forwards writes (the primary once demoted), with its consistency parameter set', () => {
    // Aurora MySQL's log settings (issue 18) join the member's parameter group.
    const logs = { server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL', slow_query_log: '1', long_query_time: '1', log_output: 'FILE' };
    for (const t of Object.values(templates('Active'))) {
      const cluster = resources(t, 'AWS::RDS::DBCluster')[0].Properties;
      expect([cluster.EnableGlobalWriteForwarding, cluster.EnableLocalWriteForwarding]).toEqual([true, true]);
      expect(resources(t, 'AWS::RDS::DBClusterParameterGroup')[0].Properties.Parameters)
        .toEqual({ ...logs, require_secure_transport: 'ON', aurora_replica_read_consistency: 'SESSION' });
    }
    expect(resources(templates('Warm')['eu-central-1'], 'AWS::RDS::DBCluster')[0].Properties.EnableGlobalWriteForwarding).toBeUndefined();
  });

  test.each<[string, string, number, number]>([['Warm', 'failover', 10, 3], ['Hot', 'failover', 10, 3], ['Active', 'latency', 30, 2]])(
    '%s: %s records for the domain, each with an HTTPS health check on the deep path, every %p s, %p failures', (id, policy, interval, threshold) => {
      REGIONS.forEach((region, i) => {
        const t = templates(id)[region];
        const [record] = resources(t, 'AWS::Route53::RecordSet');
        expect(record.Properties).toMatchObject({ Name: 'shop.example.com.', Type: 'A', SetIdentifier: region, HostedZoneId: DNS.hostedZoneId });
        expect(record.Properties.AliasTarget.EvaluateTargetHealth).toBe(true);
        if (policy === 'failover') expect(record.Properties.Failover).toBe(i === 0 ? 'PRIMARY' : 'SECONDARY');
        else expect(record.Properties.Region).toBe(region);
        const checks = resources(t, 'AWS::Route53::HealthCheck').map((c) => c.Properties.HealthCheckConfig);
        const https = checks.find((c) => c.Type === 'HTTPS');
        // No SNI: the load balancer's DNS name, which Route 53 would send, is not on the certificate.
        expect(https).toMatchObject({ Port: 443, ResourcePath: '/health', RequestInterval: interval, FailureThreshold: threshold, EnableSNI: false });
        // The primary record of a standby mode also follows the writer: one alarm check per published shape of the lag metric.
        const follows = policy === 'failover' && i === 0;
        expect(checks.map((c) => c.Type).sort()).toEqual(follows ? ['CALCULATED', 'CLOUDWATCH_METRIC', 'CLOUDWATCH_METRIC', 'HTTPS'] : ['HTTPS']);
        if (follows) expect(checks.find((c) => c.Type === 'CALCULATED').HealthThreshold).toBe(3);
        // The service creates no alias record of its own; its certificate covers the domain.
        expect(resources(t, 'AWS::CertificateManager::Certificate')[0].Properties).toMatchObject({ DomainName: 'shop.example.com', ValidationMethod: 'DNS' });
      });
    });

  test.each(Object.keys(MODES))('%s: per-Region fleets sized as the report says', (id) => {
    const s = services[id];
    for (const r of s.resilienceReport.regions) {
      const [group] = resources(templates(id)[r.region], 'AWS::AutoScaling::AutoScalingGroup');
      expect([Number(group.Properties.MinSize), Number(group.Properties.MaxSize)]).toEqual([r.minCapacity, r.maxCapacity]);
      expect(s.services[r.region].resilienceReport).toEqual(r.service);
    }
    const mins = s.resilienceReport.regions.map((r) => [r.minCapacity, r.activatedMinCapacity]);
    expect(mins).toEqual({ Warm: [[27, 27], [15, 27]], Hot: [[27, 27], [27, 27]], Active: [[27, 27], [27, 27]] }[id]);
  });

  test.each(Object.keys(MODES))('%s: the Region switch plan, its steps in order, naming the functions, clusters and alarms the Region stacks create', (id) => {
    const s = services[id];
    const [plan] = resources(template(s.switchStack!), 'AWS::ARCRegionSwitch::Plan').map((p) => p.Properties);
    expect(plan).toMatchObject({ RecoveryApproach: 'activePassive', Regions: REGIONS, PrimaryRegion: 'eu-west-1', RecoveryTimeObjectiveMinutes: id === 'Hot' ? 10 : 15 });
    const steps = plan.Workflows[0].Steps;
    expect(plan.Workflows[0].WorkflowTargetAction).toBe('activate');
    expect(steps.map((x: any) => x.ExecutionBlockType)).toEqual(['EC2AutoScaling', 'CustomActionLambda', 'AuroraGlobalDatabase']);
    const t = templates(id);
    // The EC2 Auto Scaling block, which runs in an ungraceful failover too, with each Region's group read in that Region.
    expect(steps[0].ExecutionBlockConfiguration.Ec2AsgCapacityIncreaseConfig).toMatchObject({
      TargetPercent: 100, CapacityMonitoringApproach: 'sampledMaxInLast24Hours', Ungraceful: { MinimumSuccessPercentage: 90 },
    });
    const functionNames = REGIONS.map((r) => resources(t[r], 'AWS::Lambda::Function').find((f) => f.Properties.FunctionName).Properties.FunctionName);
    expect(steps[1].ExecutionBlockConfiguration.CustomActionLambdaConfig.Lambdas.map((l: any) => l.Arn))
      .toEqual(REGIONS.map((r, i) => `arn:aws:lambda:${r}:${ACCOUNT}:function:${functionNames[i]}`));
    // ARC runs the function again only after a whole run (5 minutes) has ended.
    expect(steps[1].ExecutionBlockConfiguration.CustomActionLambdaConfig.RetryIntervalMinutes).toBe(6);
    const aurora = steps[2].ExecutionBlockConfiguration.GlobalAuroraConfig;
    const clusterIds = REGIONS.map((r) => resources(t[r], 'AWS::RDS::DBCluster')[0].Properties.DBClusterIdentifier);
    expect(aurora).toMatchObject({ Behavior: 'switchoverOnly', Ungraceful: { Ungraceful: 'failover' } });
    expect(aurora.DatabaseClusterArns).toEqual(REGIONS.map((r, i) => `arn:aws:rds:${r}:${ACCOUNT}:cluster:${clusterIds[i]}`));
    expect(aurora.GlobalClusterIdentifier).toBe(resources(t['eu-west-1'], 'AWS::RDS::GlobalCluster')[0].Properties.GlobalClusterIdentifier);
    const healthNames = REGIONS.map((r) => resources(t[r], 'AWS::CloudWatch::CompositeAlarm').map((a: any) => a.Properties.AlarmName).find((n: string) => n.endsWith('-ServiceHealth')));
    expect(Object.values(plan.AssociatedAlarms).map((a: any) => a.ResourceIdentifier)).toEqual(REGIONS.map((r, i) => `arn:aws:cloudwatch:${r}:${ACCOUNT}:alarm:${healthNames[i]}`));
    expect(s.resilienceReport.switchPlans[0].steps).toEqual(['ScaleFleet', 'ActivateFleet', 'GlobalDatabase']);
    // The role: AWS's managed execution policy, and the plan created after the role's own policy.
    const switchTemplate = template(s.switchStack!);
    const [role] = resources(switchTemplate, 'AWS::IAM::Role').filter((r) => r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service === 'arc-region-switch.amazonaws.com');
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain('AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy');
    const [planId] = Object.keys(switchTemplate.findResources('AWS::ARCRegionSwitch::Plan'));
    expect(switchTemplate.toJSON().Resources[planId].DependsOn).toEqual([expect.stringMatching(/^SwitchRoleDefaultPolicy/)]);
  });

  test('the activation function: raises the standby to its full-peak minimum, in the private subnets, allowed to resize this fleet only', () => {
    const t = templates('Warm')['eu-central-1'];
    const fn = resources(t, 'AWS::Lambda::Function').find((f) => f.Properties.FunctionName);
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 300 });
    expect(fn.Properties.Environment.Variables).toMatchObject({ TARGET_MIN_CAPACITY: '27', HEALTHY_TARGETS: '27' });
    expect(fn.Properties.VpcConfig.SubnetIds.every((s: any) => /PrivateSubnet/.test(s.Ref))).toBe(true);
    expect(fn.DependsOn).toEqual([expect.stringMatching(/^ActivationRoleDefaultPolicy/)]);
    const policy = resources(t, 'AWS::IAM::Policy').find((p) => p.Properties.PolicyName.startsWith('ActivationRole'));
    const update = policy.Properties.PolicyDocument.Statement.find((x: any) => x.Action === 'autoscaling:UpdateAutoScalingGroup');
    expect(update.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ServiceFleetASG/), 'AutoScalingGroupARN'] });
  });

  test('alarms: replication lag in every Region, the writer check in the standby modes\' primary; all notify the Region\'s topic', () => {
    const lags = ['GlobalReplicationLag', 'GlobalReplicationLagFromSource'];
    for (const [id, primaryAlarms] of [['Warm', [...lags, 'NotGlobalWriter', 'NotGlobalWriterFromSource']], ['Active', lags]] as const) {
      expect(Object.keys(services[id].regionAlarms['eu-west-1'])).toEqual(primaryAlarms);
      expect(Object.keys(services[id].regionAlarms['eu-central-1'])).toEqual(lags);
    }
    const lag = resources(templates('Warm')['eu-central-1'], 'AWS::CloudWatch::Alarm').find((a) => a.Properties.MetricName === 'AuroraGlobalDBReplicationLag');
    expect(lag.Properties).toMatchObject({ Namespace: 'AWS/RDS', Threshold: 1000, EvaluationPeriods: 5, TreatMissingData: 'notBreaching' });
    expect(lag.Properties.AlarmActions).toHaveLength(1);
  });

  test('the cross-Region experiment cuts the primary\'s subnets off from the other Region, stopped by its service health', () => {
    const [template_] = resources(templates('Warm')['eu-west-1'], 'AWS::FIS::ExperimentTemplate').filter((x) => x.Properties.Tags.Name.endsWith('CrossRegionConnectivity'));
    const action = Object.values(template_.Properties.Actions)[0] as any;
    expect(action).toMatchObject({ ActionId: 'aws:network:route-table-disrupt-cross-region-connectivity', Parameters: { duration: 'PT10M', region: 'eu-central-1' } });
    expect(Object.values<any>(template_.Properties.Targets).flatMap((t) => t.ResourceArns)).toHaveLength(9);
    expect(template_.Properties.StopConditions[0].Value['Fn::GetAtt'][0]).toMatch(/ServiceServiceHealth/);
    expect(resources(templates('Warm')['eu-central-1'], 'AWS::FIS::ExperimentTemplate').filter((x) => x.Properties.Tags.Name.endsWith('CrossRegionConnectivity'))).toEqual([]);
  });

  test('the multi-Region report is written into the cloud assembly beside the Regions\' own', () => {
    const md = fs.readFileSync(path.join(assembly.directory, 'Warm.multi-region-resilience.md'), 'utf8');
    expect(md).toContain('# Multi-Region resilience report: Warm');
    expect(md).toContain('| a lost Region: recovery (RTO) | ~470 s');
    expect(JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Warm.multi-region-resilience.json'), 'utf8'))).toEqual(services.Warm.resilienceReport);
  });
});

describe('MultiRegionService rejects what cannot work across Regions, before creating any stack', () => {
  test.each<[string, Partial<MultiRegionServiceProps>, RegExp]>([
    ['a Region twice', { regions: ['eu-west-1', 'eu-west-1'] }, /regions must not list a Region twice/],
    ['a VPC of one Region', { service: { vpc: {} as ec2.IVpc } }, /service.vpc cannot be given to a multi-Region service: a VPC lives in one Region/],
    ['a fractional RTO', { recoveryTimeObjective: Duration.seconds(90) }, /recoveryTimeObjectiveMinutes must be a whole number between 1 and 10080 minutes, received 1.5/],
  ])('%s', (_name, over, message) => {
    const app = testApp({ context: AZ_CONTEXT });
    expect(() => new MultiRegionService(app, 'Shop', { ...MODES.Warm, ...over })).toThrow(message);
    expect(app.node.findAll().filter(Stack.isStack)).toEqual([]);
  });
});

describe('the CDK CLI\'s first pass (no AZs in context)', () => {
  test('every Region\'s stack synthesizes and the assembly asks for each Region\'s AZs', () => {
    const app = testApp();
    new MultiRegionService(app, 'Shop', { ...MODES.Warm, service: { ...SLIM } });
    const assembly = app.synth();
    // And each Region's default machine image, pinned at synth.
    const images = REGIONS.map((r) => imageContextKey(ACCOUNT, r));
    expect((assembly.manifest.missing ?? []).map((m) => m.key).sort()).toEqual([...Object.keys(AZ_CONTEXT), ...images].sort());
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Shop-eu-central-1', 'Shop-eu-west-1', 'Shop-switch']);
  });
});
