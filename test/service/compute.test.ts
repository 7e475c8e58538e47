import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HighlyAvailableService } from '../../src';
import { synthService, testStack } from '../util';

function userDataScript(template: Template): string {
  return Buffer.from(launchTemplateData(template).UserData['Fn::Base64'], 'utf8').toString();
}

function launchTemplateData(template: Template): any {
  return (Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0] as any).Properties.LaunchTemplateData;
}

describe('fleet, default', () => {
  const { template, service } = synthService({ database: false });
  const asg = () => (Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any);

  test('launches from a launch template, never a launch configuration', () => {
    template.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
    expect(asg().Properties.LaunchTemplate).toBeDefined();
  });

  test('IMDSv2 required, encrypted gp3 root volume, no SSH key, detailed monitoring', () => {
    const data = launchTemplateData(template);
    expect(data.MetadataOptions).toEqual(expect.objectContaining({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }));
    expect(data.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 20, DeleteOnTermination: true } },
    ]);
    expect(data.KeyName).toBeUndefined();
    expect(data.Monitoring).toEqual({ Enabled: true });
    expect(data.InstanceType).toBe('t3.small');
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
        AlarmSpecification: { Alarms: ['Test-Web-HealthyHostsBelowNeed', 'Test-Web-LoadBalancer5xxRate', 'Test-Web-Target5xxRate', 'Test-Web-P99ResponseTime'] },
      },
    });
    // The alarms the refresh names exist before the group is updated.
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    const critical = ['HealthyHostsBelowNeed', 'LoadBalancer5xxRate', 'Target5xxRate', 'P99ResponseTime']
      .map((id) => alarmIds.find((logicalId) => logicalId.startsWith(`Web${id}`)));
    expect(a.DependsOn).toEqual(expect.arrayContaining(critical));
  });

  test('creation waits for the minimum to answer its health check, for twice the grace period plus boot', () => {
    expect(asg().CreationPolicy).toEqual({ ResourceSignal: { Count: 3, Timeout: 'PT14M' } });
    const script = userDataScript(template);
    expect(script).toContain("curl -fsS -o /dev/null --max-time 5 'http://127.0.0.1:8080/health'");
    expect(script).toContain('signal_deadline=$((SECONDS + 420))');
    expect(script).toMatch(/aws cloudformation signal-resource --region 'eu-west-1' --stack-name 'Test' --logical-resource-id 'WebFleetASG[0-9A-F]+'/);
    // The whole script, built-in app and signal, is valid bash.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'user-data-')), 'user-data.sh');
    fs.writeFileSync(file, script);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'cloudformation:SignalResource', Resource: { Ref: 'AWS::StackId' } })]) },
    });
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
  afterAll(() => server?.kill());

  test('answers /health with 200 ok, / with its identity as JSON, anything else with 404', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const { template } = synthService({ database: false, appPort: port, healthCheckPath: '/healthz' });
    const script = userDataScript(template);
    const python = script.split("<<'PY'\n")[1].split('\nPY\n')[0];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'builtin-app-'));
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
  test('signalOnHealthy: false leaves the user data and the creation policy alone', () => {
    const userData = ec2.UserData.forLinux();
    userData.addCommands('echo mine');
    const { template } = synthService({ database: false, userData, signalOnHealthy: false });
    const asg = (Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any);
    expect(asg.CreationPolicy).toBeUndefined();
    expect(userDataScript(template)).not.toContain('signal');
  });

  test('user data that takes no commands is rejected with the way out', () => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Web', { database: false, userData: ec2.UserData.custom('#cloud-config') }))
      .toThrow(/userData must be a shell script \(ec2.UserData.forLinux\(\)\) so instances can signal CloudFormation when healthy, received one starting '#cloud-config'; set signalOnHealthy: false/);
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
    expect(asg.CreationPolicy.ResourceSignal).toEqual({ Count: 6, Timeout: 'PT8M' });
    // The user's own user data gets the health wait and signal appended.
    expect(JSON.stringify(data.UserData)).toContain('signal-resource');
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', { TargetTrackingConfiguration: Match.objectLike({ TargetValue: 60 }) });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 9000 });
  });
});
