import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkTerraformJson } from './schema-check';
import { CapacityPlan, PredictiveScalingMode, tf } from '../../src';
import { FLEET_TAG } from '../../src/core/tiers/user-data';
import { synthesisSummary } from '../../src/tf/highly-available-service';
import { App, TerraformProvider, TerraformStack } from '../../src/tf/private/cdktf';
import { plainPlan } from '../core/plain';

// The Terraform construct as a user builds it: one app per configuration, synthesized to disk once
// (the report is written beside the configuration), checked against the provider's schema.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-tf-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

interface Synthesized {
  readonly service: tf.HighlyAvailableService;
  readonly config: any;
  readonly dir: string;
  readonly warnings: string[];
  resources(type: string): Record<string, any>;
  one(type: string): any;
}

function synth(name: string, props: tf.HighlyAvailableServiceProps, region?: string): Synthesized {
  const app = new App({ outdir: path.join(outdir, name) });
  const stack = new TerraformStack(app, 'Shop');
  new tf.AwsProvider(stack, 'aws', { region });
  const service = new tf.HighlyAvailableService(stack, 'Api', props);
  app.synth();
  const dir = path.join(outdir, name, 'stacks', 'Shop');
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, name, 'manifest.json'), 'utf8'));
  const resources = (type: string): Record<string, any> => config.resource[type] ?? {};
  return {
    service,
    config,
    dir,
    warnings: manifest.stacks.Shop.annotations.map((a: any) => a.message),
    resources,
    one: (type: string) => {
      const all = Object.values(resources(type));
      if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
      return all[0];
    },
  };
}

const userDataOf = (s: Synthesized) => Buffer.from(s.one('aws_launch_template').user_data, 'base64').toString('utf8');

const byDefault = synth('default', { availabilityZones: AZS }, 'eu-west-1');
const planned = synth('planned', {
  availabilityZones: AZS,
  capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 600, requestsPerSecondPerInstance: 100 }),
  scheduledDemand: [{ schedule: '0 8 * * MON-FRI', peakRequestsPerSecond: 1200, timeZone: 'Europe/Paris' }],
  predictiveScaling: PredictiveScalingMode.FORECAST_ONLY,
  instanceTypes: ['c7g.large', 'm7g.large'],
  warmPool: {},
  deletionProtection: true,
}, 'eu-west-1');
// Also reserves load balancer capacity (opt-in), without a demand plan to size it from.
const lookedUp = synth('lookup', { cache: true, database: false, loadBalancerCapacityUnits: 200 });
const ownVpc = synth('vpc', {
  vpcId: 'vpc-0123456789abcdef0',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  publicSubnetIds: ['subnet-0a000001', 'subnet-0b000001'],
  privateSubnetIds: ['subnet-0a000002', 'subnet-0b000002'],
  isolatedSubnetIds: ['subnet-0a000003', 'subnet-0b000003'],
  userData: '#!/bin/bash\necho "own app ${HOME}"',
  accessLogsBucket: 'shop-platform-alb-logs',
});

// Internal, in the user's VPC (no public subnets needed), with the default ingress: the VPC's range.
const internal = synth('internal', {
  vpcId: 'vpc-0123456789abcdef0',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  privateSubnetIds: ['subnet-0a000002', 'subnet-0b000002'],
  internetFacing: false,
  database: false,
}, 'eu-west-1');

describe('every configuration', () => {
  test.each([['default', byDefault], ['planned', planned], ['AZs looked up', lookedUp], ['own VPC', ownVpc], ['internal', internal]])(
    '%s passes the offline schema check', (_, s) => {
      expect(checkTerraformJson(s.config)).toEqual([]);
    });
});

test('the default configuration is unchanged (a guard: the tests below say why each part is there)', () => {
  // The local backend's state file is where the app runs: normalised.
  const config = JSON.parse(JSON.stringify(byDefault.config));
  expect(config.terraform.backend.local.path).toBe(path.join(process.cwd(), 'terraform.Shop.tfstate'));
  config.terraform.backend.local.path = '<cwd>/terraform.Shop.tfstate';
  expect(config).toMatchSnapshot();
});

describe('the fleet', () => {
  const plan = plainPlan({}, { regionAvailabilityZones: AZS });
  const group = byDefault.one('aws_autoscaling_group');

  test('a launch template with IMDSv2, an encrypted gp3 root volume, detailed monitoring and the SSM profile', () => {
    const template = byDefault.one('aws_launch_template');
    expect(template.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings).toEqual([{
      device_name: plan.fleet.rootDeviceName,
      ebs: { volume_size: plan.fleet.rootVolumeSizeGiB, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' },
    }]);
    expect(template.monitoring).toEqual({ enabled: true });
    expect(template.image_id).toMatch(/^\$\{data\.aws_ssm_parameter\.\w+\.insecure_value\}$/);
    expect(Object.values(byDefault.config.data.aws_ssm_parameter).map((p: any) => p.name)).toEqual([plan.fleet.imageParameter]);
    const policies = Object.values(byDefault.resources('aws_iam_role_policy_attachment')).map((a: any) => a.policy_arn);
    expect(policies.filter((arn) => arn.endsWith(':iam::aws:policy/AmazonSSMManagedInstanceCore'))).toHaveLength(1);
  });

  test('the built-in app, then the launch health gate, in the user data', () => {
    const script = userDataOf(byDefault);
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toContain('systemctl enable --now builtin-app.service');
    expect(script.indexOf('builtin-app.service')).toBeLessThan(script.indexOf('complete-lifecycle-action'));
    expect(script).toContain('hook_region=\'eu-west-1\'');
    expect(script).toContain(`--lifecycle-hook-name '${plan.fleet.launchHook!.name}'`);
  });

  test('the group: every private subnet, ELB health checks, the planned bounds, grace, warm-up and maintenance policy', () => {
    expect(group.vpc_zone_identifier).toHaveLength(3);
    expect(group.vpc_zone_identifier.every((id: string) => /aws_subnet\.\w*PrivateSubnet\d/.test(id))).toBe(true);
    expect(group).toEqual(expect.objectContaining({
      min_size: plan.fleet.minCapacity,
      max_size: plan.fleet.maxCapacity,
      health_check_type: 'ELB',
      health_check_grace_period: plan.fleet.healthCheckGracePeriodSeconds,
      default_instance_warmup: plan.fleet.healthCheckGracePeriodSeconds,
      instance_maintenance_policy: {
        min_healthy_percentage: plan.fleet.rollout.minHealthyPercent, max_healthy_percentage: plan.fleet.rollout.maxHealthyPercent,
      },
      initial_lifecycle_hook: [{
        name: plan.fleet.launchHook!.name,
        lifecycle_transition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
        heartbeat_timeout: plan.fleet.launchHook!.heartbeatTimeoutSeconds,
        default_result: 'ABANDON',
      }],
      tag: [{ key: FLEET_TAG, value: plan.namePrefix, propagate_at_launch: false }],
    }));
    expect(group.mixed_instances_policy.launch_template.override.map((o: any) => o.instance_type)).toEqual(plan.fleet.instanceTypes);
  });

  test('creation waits for the minimum to be healthy behind the load balancer (CloudFormation\'s creation wait), once a listener forwards to it', () => {
    expect(group.min_elb_capacity).toBe(plan.fleet.minCapacity);
    expect(group.wait_for_capacity_timeout).toBe(`${plan.fleet.capacityWaitSeconds}s`);
    // The load balancer checks no target before a listener forwards to it: without the listener, the wait times out.
    const forward = Object.entries(byDefault.resources('aws_lb_listener')).filter(([, l]) => l.default_action[0].type === 'forward').map(([key]) => key);
    expect(forward).toHaveLength(1);
    expect(group.depends_on).toEqual(expect.arrayContaining(forward.map((key) => `aws_lb_listener.${key}`)));
  });

  test('a change of the launch hook is made in place: the group\'s initial hook is ignored after creation, the hook\'s own resource changes it', () => {
    // initial_lifecycle_hook forces a new group (a full outage) when it changes: it is in ignore_changes.
    expect(group.lifecycle).toEqual({ ignore_changes: ['initial_lifecycle_hook'] });
    const hook = byDefault.one('aws_autoscaling_lifecycle_hook');
    expect(hook).toEqual({
      'autoscaling_group_name': expect.stringMatching(/^\$\{aws_autoscaling_group\.\w+\.name\}$/),
      'name': plan.fleet.launchHook!.name,
      'lifecycle_transition': 'autoscaling:EC2_INSTANCE_LAUNCHING',
      'heartbeat_timeout': plan.fleet.launchHook!.heartbeatTimeoutSeconds,
      'default_result': 'ABANDON',
      '//': expect.anything(),
    });
    // The same hook as the initial one: the resource adopts it (PutLifecycleHook creates or updates).
    const { autoscaling_group_name: _, '//': __, ...settings } = hook;
    expect(group.initial_lifecycle_hook).toEqual([settings]);
  });

  test('a new template version rolls out healthy-first and stops on the rollout alarms, which exist before the group changes', () => {
    const rollout = plan.monitoring.alarms.filter((a) => plan.monitoring.rolloutAlarmIds.includes(a.id));
    expect(rollout.length).toBeGreaterThan(0);
    expect(group.instance_refresh).toEqual({
      strategy: 'Rolling',
      preferences: {
        min_healthy_percentage: 100,
        max_healthy_percentage: 200,
        instance_warmup: String(plan.fleet.rollout.warmupSeconds),
        skip_matching: true,
        // No auto_rollback: the provider saves the new version before the refresh, so a rollback would restore it (#34189).
        alarm_specification: { alarms: rollout.map((a) => a.name) },
      },
    });
    const alarmsByName = Object.entries(byDefault.resources('aws_cloudwatch_metric_alarm')).map(([key, a]) => [a.alarm_name, key]);
    const names = new Map(alarmsByName as Array<[string, string]>);
    expect(group.depends_on.filter((d: string) => d.startsWith('aws_cloudwatch_metric_alarm.')).sort())
      .toEqual(rollout.map((a) => `aws_cloudwatch_metric_alarm.${names.get(a.name)}`).sort());
    // The group follows the template's latest version, so a change to it is a refresh.
    expect(group.mixed_instances_policy.launch_template.launch_template_specification.version).toMatch(/\.latest_version\}$/);
  });

  test('fleet events go to the alarm topic', () => {
    const notification = byDefault.one('aws_autoscaling_notification');
    expect(notification.topic_arn).toMatch(/^\$\{aws_sns_topic\.\w+\.arn\}$/);
    expect(notification.notifications).toHaveLength(4);
  });

  test('a demand plan scales on requests and CPU, by schedule and by forecast, on the planned values', () => {
    const p = plainPlan({
      capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 600, requestsPerSecondPerInstance: 100 }),
      scheduledDemand: [{ peakRequestsPerSecond: 1200, timeZone: 'Europe/Paris' }],
      predictiveScaling: PredictiveScalingMode.FORECAST_ONLY,
      instanceTypes: [{ name: 'c7g.large', architecture: 'arm64' }, { name: 'm7g.large', architecture: 'arm64' }],
    }, { regionAvailabilityZones: AZS });
    const policies = Object.values(planned.resources('aws_autoscaling_policy'));
    const targets = policies.filter((q) => q.policy_type === 'TargetTrackingScaling').map((q) => q.target_tracking_configuration);
    expect(targets).toEqual([
      { predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' }, target_value: p.fleet.cpuTargetUtilizationPercent },
      {
        predefined_metric_specification: { predefined_metric_type: 'ALBRequestCountPerTarget', resource_label: expect.stringMatching(/arn_suffix\}\/\$\{.*arn_suffix\}$/) },
        target_value: p.fleet.targetRequestsPerMinute,
      },
    ]);
    const predictive = policies.find((q) => q.policy_type === 'PredictiveScaling');
    expect(predictive.predictive_scaling_configuration).toEqual(expect.objectContaining({
      mode: 'ForecastOnly', scheduling_buffer_time: String(p.fleet.predictiveScaling!.schedulingBufferSeconds),
    }));
    expect(planned.one('aws_autoscaling_schedule')).toEqual(expect.objectContaining({
      recurrence: '0 8 * * MON-FRI',
      time_zone: 'Europe/Paris',
      min_size: p.fleet.scheduledCapacity[0].minCapacity,
      max_size: p.fleet.scheduledCapacity[0].maxCapacity,
      desired_capacity: -1,
    }));
    // The scheduled actions own the bounds once the group exists: the next apply leaves a peak's bounds alone
    // (it would lower the maximum at the peak and then wait for exactly the old count until it fails).
    expect(planned.one('aws_autoscaling_group').lifecycle).toEqual({ ignore_changes: ['initial_lifecycle_hook', 'min_size', 'max_size'] });
    expect(p.fleet.boundsFollowSchedules).toBe(true);
    // Graviton types: the default image follows their architecture.
    expect(Object.values(planned.config.data.aws_ssm_parameter).map((parameter: any) => parameter.name)).toEqual([expect.stringMatching(/-arm64$/)]);
  });
});

describe('what terraform destroy keeps', () => {
  test('every kept log group (flow logs, web ACL, experiments) keeps its key too: kept logs without their key could never be read', () => {
    const groups = Object.values(byDefault.resources('aws_cloudwatch_log_group'));
    const kept = groups.filter((g: any) => g.skip_destroy);
    expect(kept).toHaveLength(3);
    const keys = byDefault.resources('aws_kms_key');
    const keyOf = (g: any) => keys[/^\$\{aws_kms_key\.(\w+)\.arn\}$/.exec(g.kms_key_id)![1]];
    for (const g of kept) expect(keyOf(g).lifecycle).toEqual({ prevent_destroy: true });
    // The alarm topic's key encrypts nothing that outlives the service: destroyed with it.
    const topicKey = Object.entries(keys).find(([key]) => key.includes('AlarmTopicKey'))![1];
    expect(topicKey.lifecycle).toBeUndefined();
  });
});

describe('where the service is', () => {
  test('without AZs or a region at synth, the region\'s first AZs are looked up, and nothing is called environment-agnostic', () => {
    const zones = Object.keys(lookedUp.config.data.aws_availability_zones);
    expect(zones).toHaveLength(1);
    const subnetAzs = Object.values(lookedUp.resources('aws_subnet')).map((s: any) => s.availability_zone);
    expect(new Set(subnetAzs)).toEqual(new Set([0, 1, 2].map((i) => `\${data.aws_availability_zones.${zones[0]}.names[${i}]}`)));
    // Every AZ in any state, and only AZs: an impaired AZ would drop out of a state filter (shifting every index, and
    // AZ is ForceNew on subnets and databases), and an opted-in Local Zone sorts before the AZs.
    const lookup = lookedUp.config.data.aws_availability_zones[zones[0]];
    expect(lookup.state).toBeUndefined();
    expect(lookup.filter).toEqual([{ name: 'zone-type', values: ['availability-zone'] }]);
    expect(lookedUp.service.resilienceReport.availabilityZones).toBe(3);
    expect(lookedUp.service.resilienceReport.findings.map((f) => f.id)).not.toContain('resilience:environmentAgnostic');
    // The access logs' delivery account and the hook's region are found when the service runs.
    expect(Object.keys(lookedUp.config.data.aws_elb_service_account ?? {})).toHaveLength(1);
  });

  test('with references in the user data (the cache\'s endpoints), Terraform encodes it, every literal piece escaped', () => {
    const userData: string = lookedUp.one('aws_launch_template').user_data;
    expect(userData.startsWith('${base64encode(join("", [')).toBe(true);
    expect(userData).toContain('.primary_endpoint_address');
    expect(userData).toContain('meta-data/placement/region');
    // The heredocs' `${` and the script's quotes cannot end or open an HCL template.
    expect(userData).not.toMatch(/[^$]\$\{(?!aws_|data\.)/);
  });

  test('in the user\'s VPC with its log bucket: no network or bucket of its own, its subnets by tier, its script first with the settings and the health gate after', () => {
    expect(ownVpc.resources('aws_vpc')).toEqual({});
    expect(ownVpc.resources('aws_subnet')).toEqual({});
    expect(ownVpc.one('aws_lb').subnets).toEqual(['subnet-0a000001', 'subnet-0b000001']);
    // Its access-log bucket too: none of the service's own.
    expect(ownVpc.one('aws_lb').access_logs.bucket).toBe('shop-platform-alb-logs');
    expect(ownVpc.resources('aws_s3_bucket')).toEqual({});
    expect(ownVpc.resources('aws_s3_bucket_policy')).toEqual({});
    expect(ownVpc.one('aws_autoscaling_group').vpc_zone_identifier).toEqual(['subnet-0a000002', 'subnet-0b000002']);
    expect(ownVpc.service.vpcId).toBe('vpc-0123456789abcdef0');
    const script = userDataOf(ownVpc);
    expect(script.startsWith('#!/bin/bash\necho "own app ${HOME}"\n')).toBe(true);
    expect(script).not.toContain('builtin-app');
    expect(script).toContain('complete-lifecycle-action');
  });
});

describe('an internal load balancer', () => {
  test('admits the VPC\'s own range by default, read from the VPC by id, on the listener port only', () => {
    const rules = Object.values(internal.resources('aws_vpc_security_group_ingress_rule'))
      .filter((r: any) => /^\$\{aws_security_group\.Api_LoadBalancerSecurityGroup_\w+\.id\}$/.test(r.security_group_id));
    expect(rules).toEqual([expect.objectContaining({
      cidr_ipv4: expect.stringMatching(/^\$\{data\.aws_vpc\.Api_Vpc_\w+\.cidr_block\}$/), from_port: 80, to_port: 80, description: 'Listener 80 from the VPC',
    })]);
    expect(Object.values(internal.config.data.aws_vpc)).toEqual([expect.objectContaining({ id: 'vpc-0123456789abcdef0' })]);
    expect(internal.one('aws_lb').internal).toBe(true);
  });
});

describe('capacity it can count on when an AZ fails', () => {
  const capacity = CapacityPlan.fromDemand({ peakRequestsPerSecond: 600, requestsPerSecondPerInstance: 100 });
  const plan = plainPlan({ capacity, warmPool: {} }, { regionAvailabilityZones: AZS });

  test('a demand plan reserves nothing: an info says what to reserve; units given are reserved, and the provider waits for them as long as AWS may take', () => {
    expect(planned.one('aws_lb').minimum_load_balancer_capacity).toBeUndefined();
    expect(planned.one('aws_lb').timeouts).toBeUndefined();
    expect(planned.warnings).toEqual(expect.arrayContaining([expect.stringMatching(
      new RegExp(`^The planned peak needs 24 load balancer capacity units; nothing is reserved \\(opt in with loadBalancerCapacityUnits: ${plan.loadBalancing.capacityToReserve!.units},.*\\[cdk-highly-available-service:loadBalancerCapacityToReserve\\]$`),
    )]));
    expect(planned.warnings.filter((w) => w.includes('loadBalancerCapacityQuota'))).toEqual([]);
    expect(lookedUp.one('aws_lb')).toEqual(expect.objectContaining({
      minimum_load_balancer_capacity: { capacity_units: 200 },
      timeouts: { create: '10800s', update: '10800s' },
    }));
    expect(lookedUp.warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/reserves 200 load balancer capacity units.*L-8A66D0E6.*\[cdk-highly-available-service:loadBalancerCapacityQuota\]$/),
    ]));
    expect(byDefault.one('aws_lb').minimum_load_balancer_capacity).toBeUndefined();
  });

  test('the group: balanced-only for the statically stable plan, and its warm pool', () => {
    const group = planned.one('aws_autoscaling_group');
    expect(group.availability_zone_distribution).toEqual({ capacity_distribution_strategy: 'balanced-only' });
    // 5 per AZ: 3 stopped per AZ, so the 2 AZs left after losing one hold 6 of the lost AZ's 5.
    expect(plan.fleet.assurance.warmPool!.minSize).toBe(9);
    expect(group.warm_pool).toEqual({ pool_state: 'Stopped', min_size: 9, max_group_prepared_capacity: 9, instance_reuse_policy: { reuse_on_scale_in: false } });
    expect(byDefault.one('aws_autoscaling_group').availability_zone_distribution).toEqual({ capacity_distribution_strategy: 'balanced-best-effort' });
  });

  test('with a warm pool the launch hook is a systemd unit that reports at every boot', () => {
    const script = userDataOf(planned);
    expect(script).toContain('systemctl enable cdk-highly-available-service-launch-hook.service');
    expect(script.trimEnd().endsWith('\n/opt/cdk-highly-available-service/launch-hook.sh')).toBe(true);
    expect(userDataOf(byDefault)).not.toContain('launch-hook.service');
  });

  test('the group\'s deletion protection, asked for, is said to be unavailable', () => {
    expect(planned.warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/^deletionProtection cannot protect the Auto Scaling group here: the Terraform flavor cannot set it \(hashicorp\/aws 6\.25 .*\[cdk-highly-available-service:fleetDeletionProtectionUnavailable\]$/),
    ]));
    expect(planned.service.resilienceReport.fleetDeletionProtection).toMatch(/^none: the Terraform flavor cannot set it/);
  });
});

describe('what the service reports', () => {
  test('the resilience report beside the configuration, the same as the construct\'s', () => {
    const report = JSON.parse(fs.readFileSync(path.join(byDefault.dir, `${plainPlan().namePrefix}.resilience.json`), 'utf8'));
    expect(report).toEqual(JSON.parse(JSON.stringify(byDefault.service.resilienceReport)));
    expect(report).toEqual(JSON.parse(JSON.stringify(plainPlan({}, {
      regionAvailabilityZones: AZS,
      fleetZonalShift: false,
      fleetDeletionProtectionUnavailable: 'the Terraform flavor cannot set it (hashicorp/aws 6.25 has no argument for it)',
    }).report)));
    expect(fs.readFileSync(path.join(byDefault.dir, `${plainPlan().namePrefix}.resilience.md`), 'utf8')).toContain('flowchart');
  });

  test('an app run on its own in a terminal is told where the configuration and the report went, and the warnings', () => {
    const warnings = [{ id: 'cdk-highly-available-service:noHttps', message: 'The service listens on plain HTTP.' }];
    expect(synthesisSummary('shop-api/Web', 'cdktf.out/stacks/shop-api', 'shop-api-Web-1a2b3c4d.resilience', warnings)).toBe([
      'shop-api/Web: Terraform configuration cdktf.out/stacks/shop-api/cdk.tf.json',
      '  resilience report and deployment diagram: cdktf.out/stacks/shop-api/shop-api-Web-1a2b3c4d.resilience.md (and .json)',
      '  warning [cdk-highly-available-service:noHttps]: The service listens on plain HTTP.',
      '',
    ].join('\n'));
  });

  test('warnings carry their id; without a domain only noHttps', () => {
    // In this construct's terms: its props take a certificate ARN and a hosted zone id.
    expect(byDefault.warnings).toEqual([expect.stringMatching(/plain HTTP: give a certificateArn, or a domainName with its hostedZoneId, .*\[cdk-highly-available-service:noHttps\]$/)]);
  });

  test('outputs: the URL and what operators look up', () => {
    const outputs = Object.keys(byDefault.config.output);
    for (const name of ['ServiceUrl', 'LoadBalancerArn', 'AutoScalingGroupName', 'AlarmTopicArn', 'DatabaseEndpoint', 'DatabaseSecretArn']) {
      expect(outputs.some((o) => o.includes(name))).toBe(true);
    }
    expect(byDefault.service.url).toMatch(/^http:\/\//);
  });

  test('the provider versions the resources were checked against are pinned, whatever provider the stack has', () => {
    const app = new App({ outdir: path.join(outdir, 'bindings') });
    const stack = new TerraformStack(app, 'Shop');
    // The provider of older bindings, as they declare it: the short source and their own version.
    new (class extends TerraformProvider {})(stack, 'aws', {
      terraformResourceType: 'aws', terraformProviderSource: 'aws', terraformGeneratorMetadata: { providerName: 'aws', providerVersion: '5.100.0' },
    });
    new tf.HighlyAvailableService(stack, 'Api', { availabilityZones: AZS, database: false });
    app.synth();
    const config = JSON.parse(fs.readFileSync(path.join(outdir, 'bindings', 'stacks', 'Shop', 'cdk.tf.json'), 'utf8'));
    expect(config.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '~> 6.25' });
    expect(checkTerraformJson(config)).toEqual([]);
  });

  test('two services in one stack do not collide, and get different physical names', () => {
    const app = new App({ outdir: path.join(outdir, 'two') });
    const stack = new TerraformStack(app, 'Shop');
    new tf.AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const a = new tf.HighlyAvailableService(stack, 'Api', { availabilityZones: AZS, database: false });
    const b = new tf.HighlyAvailableService(stack, 'Admin', { availabilityZones: AZS, database: false });
    expect(Object.values(a.alarmNames).some((n) => Object.values(b.alarmNames).includes(n))).toBe(false);
  });

  test('every generated name stays within its service\'s limit, however long the stack and path', () => {
    const app = new App({ outdir: path.join(outdir, 'long') });
    const stack = new TerraformStack(app, `Shop${'x'.repeat(120)}`);
    new tf.AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new tf.HighlyAvailableService(stack, `Api${'y'.repeat(120)}`, { availabilityZones: AZS, cache: true, databaseProxy: true });
    app.synth();
    const config = JSON.parse(fs.readFileSync(path.join(outdir, 'long', 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
    // Terraform appends 26 characters to a prefix.
    const limits: Array<[string, string, number]> = [
      ['aws_launch_template', 'name_prefix', 128], ['aws_autoscaling_group', 'name_prefix', 255], ['aws_security_group', 'name_prefix', 255],
      ['aws_iam_role', 'name_prefix', 64], ['aws_iam_instance_profile', 'name_prefix', 128], ['aws_s3_bucket', 'bucket_prefix', 63],
      ['aws_sns_topic', 'name_prefix', 256], ['aws_db_subnet_group', 'name_prefix', 255], ['aws_rds_cluster', 'cluster_identifier_prefix', 63],
      ['aws_rds_cluster_instance', 'identifier_prefix', 63],
    ];
    for (const [type, argument, limit] of limits) {
      const prefixes = Object.values(config.resource[type] ?? {}).map((r: any) => r[argument]).filter((p) => p !== undefined);
      expect([type, prefixes.length > 0]).toEqual([type, true]);
      for (const prefix of prefixes) expect([type, prefix, prefix.length + 26 <= limit]).toEqual([type, prefix, true]);
    }
    expect(checkTerraformJson(config)).toEqual([]);
  });
});
