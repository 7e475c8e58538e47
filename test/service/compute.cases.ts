import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HighlyAvailableService } from '../../src';
import { serviceNamePrefix } from '../../src/core/base/naming';
import { AZS, synthService, testStack } from '../util';

function userDataScript(template: Template): string {
  return Buffer.from(launchTemplateData(template).UserData['Fn::Base64'], 'utf8').toString();
}

function launchTemplateData(template: Template): any {
  return (Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0] as any).Properties.LaunchTemplateData;
}

/** Whether bash parses the script (bash -n), from a temporary file removed afterwards. */
function bashSyntaxOk(script: string): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'user-data-'));
  try {
    const file = path.join(dir, 'user-data.sh');
    fs.writeFileSync(file, script);
    return spawnSync('bash', ['-n', file]).status === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('fleet, default', () => {
  const { template, service, stack } = synthService({ database: false });
  const asg = () => (Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any);

  test('launches from a launch template, never a launch configuration', () => {
    template.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
    expect(asg().Properties.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId).toBeDefined();
  });

  test('IMDSv2 required, encrypted gp3 root volume, no SSH key, detailed monitoring', () => {
    const data = launchTemplateData(template);
    expect(data.MetadataOptions).toEqual(expect.objectContaining({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }));
    expect(data.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 20, DeleteOnTermination: true } },
    ]);
    expect(data.KeyName).toBeUndefined();
    expect(data.Monitoring).toEqual({ Enabled: true });
    expect(data.InstanceType).toBe('c7i.large');
  });

  test('three similar Nitro types through a mixed instances policy, all On-Demand, in order of preference', () => {
    const policy = asg().Properties.MixedInstancesPolicy;
    expect(policy.LaunchTemplate.Overrides).toEqual([{ InstanceType: 'c7i.large' }, { InstanceType: 'c6i.large' }, { InstanceType: 'c6a.large' }]);
    expect(policy.InstancesDistribution).toEqual({ OnDemandAllocationStrategy: 'prioritized', OnDemandPercentageAboveBaseCapacity: 100 });
    expect(asg().Properties.LaunchTemplate).toBeUndefined();
  });

  test('names its AZs beside its subnets, and carries the service tag its instances are scoped by', () => {
    expect(asg().Properties.AvailabilityZones).toEqual(AZS);
    expect(asg().Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'cdk-highly-available-service:fleet', Value: serviceNamePrefix('Test', ['Web']), PropagateAtLaunch: false },
    ]));
  });

  test('the instance role has Session Manager access', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
    });
  });

  test('spread over the private subnet of every AZ, one instance per AZ at minimum', () => {
    const props = asg().Properties;
    expect(props.VPCZoneIdentifier).toHaveLength(3);
    expect(props.VPCZoneIdentifier.map((s: any) => s.Ref).every((id: string) => /PrivateSubnet/.test(id))).toBe(true);
    expect(props.MinSize).toBe('3');
    expect(props.MaxSize).toBe('6');
    expect(props.DesiredCapacity).toBeUndefined();
  });

  test('ELB health checks (EC2 checks are implied) with a 5-minute grace period', () => {
    expect(asg().Properties).toEqual(expect.objectContaining({ HealthCheckType: 'ELB', HealthCheckGracePeriod: 300 }));
  });

  test('replacements keep 100 % healthy: maintenance policy, and rollouts by instance refresh that watch the critical alarms', () => {
    const a = asg();
    expect(a.Properties.InstanceMaintenancePolicy).toEqual({ MinHealthyPercentage: 100, MaxHealthyPercentage: 200 });
    expect(a.UpdatePolicy.AutoScalingRollingUpdate).toBeUndefined();
    expect(a.UpdatePolicy.AutoScalingInstanceRefresh).toEqual({
      Strategy: 'Rolling',
      Preferences: {
        MinHealthyPercentage: 100,
        MaxHealthyPercentage: 200,
        InstanceWarmup: 300,
        SkipMatching: true,
        AlarmSpecification: { Alarms: expect.any(Array) },
      },
    });
    // The refresh refers to the service's own alarm resources, which exist before the group is updated.
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    const critical = ['HealthyHostsBelowNeed', 'LoadBalancer5xxRate', 'Target5xxRate', 'P99ResponseTime']
      .map((id) => alarmIds.find((logicalId) => logicalId.startsWith(`Web${id}`)));
    expect(a.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification.Alarms).toEqual(critical.map((id) => ({ Ref: id })));
    // The references order the alarms first: a DependsOn on them too would say it twice (cfn-lint W3005).
    expect(a.DependsOn ?? []).not.toEqual(expect.arrayContaining([critical[0]]));
  });

  test('a launch hook holds each new instance until its app answers its health check; no cfn-signal', () => {
    const a = asg();
    // Declared in the group, so it holds the very first instances: creation waits for a healthy minimum.
    expect(a.Properties.LifecycleHookSpecificationList).toEqual([{
      LifecycleHookName: 'app-healthy',
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
      HeartbeatTimeout: 480,
      DefaultResult: 'ABANDON',
    }]);
    expect(a.CreationPolicy).toBeUndefined();
    const script = userDataScript(template);
    expect(script).toContain("curl -fsS -o /dev/null --max-time 5 'http://127.0.0.1:8080/health'");
    expect(script).toContain('hook_deadline=$((SECONDS + 420))');
    expect(script).toContain("hook_region='eu-west-1'");
    expect(script).toContain('aws autoscaling complete-lifecycle-action --region "$hook_region" --auto-scaling-group-name "$hook_group" --lifecycle-hook-name \'app-healthy\' --instance-id "$instance_id" --lifecycle-action-result "$hook_result"');
    expect(script).not.toContain('cfn-signal');
    // The whole script, built-in app and report, is valid bash.
    expect(bashSyntaxOk(script)).toBe(true);
    // The instances may complete lifecycle actions only on the group tagged with this service's value.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'autoscaling:CompleteLifecycleAction',
            Condition: { StringEquals: { 'autoscaling:ResourceTag/cdk-highly-available-service:fleet': serviceNamePrefix('Test', ['Web']) } },
          }),
          Match.objectLike({ Action: 'autoscaling:DescribeAutoScalingInstances', Resource: '*' }),
        ]),
      },
    });
  });

  test('synthesis raises no aws-cdk-lib warning (no signals beside the instance refresh)', () => {
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings.filter((w) => !w.includes('cdk-highly-available-service'))).toEqual([]);
  });

  test('target tracking on CPU and notifications of every scaling event to the alarm topic', () => {
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 50 },
    });
    const [notification] = asg().Properties.NotificationConfigurations;
    expect(notification.NotificationTypes).toEqual([
      'autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR',
      'autoscaling:EC2_INSTANCE_TERMINATE', 'autoscaling:EC2_INSTANCE_TERMINATE_ERROR',
    ]);
    expect(asg().Properties.NotificationConfigurations[0].TopicARN.Ref).toMatch(/AlarmTopic/);
    expect(asg().Properties.TargetGroupARNs).toHaveLength(1);
  });

  test('the built-in app starts as a service on 8080', () => {
    const script = userDataScript(template);
    expect(script).toContain("ThreadingHTTPServer(('', 8080)");
    expect(script).toContain('systemctl enable --now builtin-app.service');
  });

  test('the fleet admits the app port from the load balancer only', () => {
    const fleetSg = service.autoScalingGroup.connections.securityGroups[0];
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('FleetSecurityGroup'), 'GroupId'] } },
    });
    expect(Object.values(ingress)).toHaveLength(1);
    expect((Object.values(ingress)[0] as any).Properties).toEqual(expect.objectContaining({ FromPort: 8080, ToPort: 8080 }));
    expect(fleetSg).toBe(service.connections.securityGroups[0]);
  });
});

describe('the built-in app, run for real', () => {
  // Render the user data for a free loopback port, pull the Python server out of it and serve.
  let server: ChildProcess | undefined;
  let dir: string | undefined;
  afterAll(() => {
    server?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('answers /health with 200 ok, / with its identity as JSON, anything else with 404', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const { template } = synthService({ database: false, appPort: port, healthCheckPath: '/healthz' });
    const script = userDataScript(template);
    const python = script.split("<<'PY'\n")[1].split('\nPY\n')[0];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'builtin-app-'));
    fs.writeFileSync(path.join(dir, 'server.py'), python);
    server = spawn('python3', [path.join(dir, 'server.py')], { stdio: 'ignore' });

    const get = async (p: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await fetch(`http://127.0.0.1:${port}${p}`);
        } catch (e) {
          if (attempt > 100) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const root = await get('/');
    expect(root.status).toBe(200);
    expect(await root.json()).toEqual(expect.objectContaining({ service: 'cdk-highly-available-service', zone: expect.any(String) }));
    expect((await get('/nope')).status).toBe(404);
  });
});

describe('fleet, signalling', () => {
  test('signalOnHealthy: false leaves the user data alone and adds no launch hook', () => {
    const userData = ec2.UserData.forLinux();
    userData.addCommands('echo mine');
    const { template } = synthService({ database: false, userData, signalOnHealthy: false });
    const asg = (Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any);
    expect(asg.CreationPolicy).toBeUndefined();
    expect(asg.Properties.LifecycleHookSpecificationList).toBeUndefined();
    expect(userDataScript(template)).not.toContain('lifecycle');
  });

  test('a health-check path with shell and Python metacharacters cannot reach either as code', () => {
    // Quotes are rejected (the load balancer refuses them too); what the load balancer accepts stays data.
    expect(() => synthService({ database: false, healthCheckPath: "/h'$(reboot)'" })).toThrow(/healthCheckPath must start with '\/' and hold at most 1024 of the characters/);
    const { template } = synthService({ database: false, healthCheckPath: '/h?a=%27x&b=#y' });
    const script = userDataScript(template);
    expect(script).toContain("--max-time 5 'http://127.0.0.1:8080/h?a=%27x&b=#y'");
    expect(script).toContain('if self.path == "/h?a=%27x&b=#y":');
    expect(bashSyntaxOk(script)).toBe(true);
  });

  test('user data that takes no commands is rejected with the way out', () => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Web', { database: false, userData: ec2.UserData.custom('#cloud-config') }))
      .toThrow(/userData must be a shell script \(ec2.UserData.forLinux\(\)\) so instances can report their health before they enter service, received one starting "#cloud-config"; set signalOnHealthy: false/);
    // Rejected before anything was created.
    expect(stack.node.tryFindChild('Web')?.node.children ?? []).toHaveLength(0);
  });
});

describe('fleet, arm64', () => {
  test('Graviton instance types get the arm64 Amazon Linux image by default', () => {
    const { template } = synthService({ database: false, instanceTypes: [new ec2.InstanceType('c7g.large'), new ec2.InstanceType('m7g.large')] });
    const parameters = Object.values(template.toJSON().Parameters ?? {}).map((p: any) => String(p.Default));
    expect(parameters).toEqual(expect.arrayContaining([expect.stringMatching(/al2023-ami-kernel-.*-arm64$/)]));
    expect(parameters.some((p) => p.endsWith('x86_64'))).toBe(false);
  });
});

describe('fleet, configured', () => {
  test('instance type, image, user data, port, capacity, grace and CPU target are props', () => {
    const userData = ec2.UserData.forLinux();
    userData.addCommands('echo my-app');
    const { template } = synthService({
      database: false,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
      machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-12345678' }),
      userData,
      appPort: 9000,
      minCapacity: 6,
      maxCapacity: 12,
      healthCheckGracePeriod: Duration.minutes(2),
      cpuTargetUtilizationPercent: 60,
    });
    const data = launchTemplateData(template);
    expect(data.InstanceType).toBe('m7g.large');
    expect(data.ImageId).toBe('ami-12345678');
    expect(JSON.stringify(data.UserData)).toContain('echo my-app');
    expect(JSON.stringify(data.UserData)).not.toContain('builtin-app');
    const asg = (Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any);
    expect(asg.Properties).toEqual(expect.objectContaining({ MinSize: '6', MaxSize: '12', HealthCheckGracePeriod: 120 }));
    expect(asg.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.InstanceWarmup).toBe(120);
    expect(asg.Properties.LifecycleHookSpecificationList[0].HeartbeatTimeout).toBe(120 + 120 + 60);
    // The user's own user data gets the health wait and the hook's completion appended.
    expect(JSON.stringify(data.UserData)).toContain('complete-lifecycle-action');
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', { TargetTrackingConfiguration: Match.objectLike({ TargetValue: 60 }) });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 9000 });
  });
});
