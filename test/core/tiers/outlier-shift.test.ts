import { spawn } from 'child_process';
import { Validator } from '../../../src/core/base/validation';
import { planOutlierDetection } from '../../../src/core/tiers/outlier-detection';
import {
  OUTLIER_SHIFT_FUNCTION, OutlierShiftInputs, OutlierShiftPlan, outlierShiftEnvironment, outlierShiftStatements, planOutlierShift,
} from '../../../src/core/tiers/zonal-shift';
import { ArcStub, startArcStub } from '../../arc-zonal-shift-stub';
import { MotoServer, startMoto } from '../../moto';
import { problemsOf } from '../plain';

// The automatic zonal shift: the plan's half of the guard on plain data, then the function itself,
// its real SDK calls served by moto (CloudWatch, ELB, Auto Scaling, EC2, SNS) and by a stub of the
// ARC zonal shift API that checks each request against the API's model.
const outliers = planOutlierDetection(['us-east-1a', 'us-east-1b', 'us-east-1c'], 1, false);
const zonalShift = { enabled: true, fleet: true, impairedZoneHealthCheck: 'IgnoreUnhealthy' } as OutlierShiftInputs['zonalShift'];
const inputs = (over: Partial<OutlierShiftInputs> = {}): OutlierShiftInputs =>
  ({ enabled: true, zonalShift, outliers, healthyTargetsNeeded: 4, capacityAfterAzLossPercentOfPeak: 100, namePrefix: 'Shop-Api-1a2b3c4d', ...over });
function plan(over: Partial<OutlierShiftInputs> = {}): OutlierShiftPlan | undefined {
  const v = new Validator();
  const p = planOutlierShift(inputs(over), v);
  v.throwIfAny('Api');
  return p;
}
const problems = (over: Partial<OutlierShiftInputs>) => problemsOf(() => plan(over));

describe('the plan\'s half of the guard', () => {
  test('opt-in: nothing without it', () => {
    expect(plan({ enabled: undefined })).toBeUndefined();
    expect(problems({ enabled: false, minutes: 30 })).toEqual(['outlierShiftDuration configures the automatic zonal shift; received it without outlierShift: true']);
  });

  test('a shift of 60 minutes by default, of the load balancer and the fleet, started by the AZs\' composites', () => {
    expect(plan()).toEqual({
      expiresIn: '1h',
      expiresInMinutes: 60,
      triggerAlarmIds: ['ImpairedAz1', 'ImpairedAz2', 'ImpairedAz3'],
      outlierAlarmIds: { 1: ['OutlierFaultsAz1', 'OutlierLatencyAz1'], 2: ['OutlierFaultsAz2', 'OutlierLatencyAz2'], 3: ['OutlierFaultsAz3', 'OutlierLatencyAz3'] },
      healthyTargetsNeeded: 4,
      resources: ['loadBalancer', 'fleet'],
      functionName: 'Shop-Api-1a2b3c4d-outlier-shift',
      functionDescription: 'Shifts traffic away from the one AZ whose outlier alarms fire, for 1h, when the other AZs carry the peak',
      ruleName: 'Shop-Api-1a2b3c4d-impaired-az',
      ruleDescription: 'Starts the outlier shift function when an AZ\'s ImpairedAz composite alarm goes to ALARM',
      // The composites entering ALARM, by the names the monitoring plan gives them.
      eventPattern: {
        'source': ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        'detail': { alarmName: ['Shop-Api-1a2b3c4d-ImpairedAz1', 'Shop-Api-1a2b3c4d-ImpairedAz2', 'Shop-Api-1a2b3c4d-ImpairedAz3'], state: { value: ['ALARM'] } },
      },
    });
    expect(plan({ minutes: 90 })!.expiresIn).toBe('90m');
    expect(plan({ minutes: 4320 })!.expiresIn).toBe('72h');
    expect(plan({ zonalShift: { ...zonalShift, fleet: false } })!.resources).toEqual(['loadBalancer']);
  });

  test('refused when the other AZs cannot carry the peak (static stability), without zonal shift or without the alarms', () => {
    expect(problems({ capacityAfterAzLossPercentOfPeak: 80 })).toEqual([
      'outlierShift moves an AZ\'s traffic to the others, which the capacity plan says cannot carry the peak (80 % of it after losing an AZ): ' +
      'plan the capacity with surviveAzLoss, or shift by hand',
    ]);
    expect(problems({ capacityAfterAzLossPercentOfPeak: undefined })).toEqual([]);
    expect(problems({ zonalShift: { ...zonalShift, enabled: false }, outliers: undefined })).toEqual([
      'outlierShift starts zonal shifts; received it with zonalShift: false',
      'outlierShift acts on the per-AZ outlier alarms; received it with alarms: false',
    ]);
  });

  test('the function\'s and the rule\'s names stay within 64 characters of what Lambda and EventBridge allow, keeping the prefix\'s hash', () => {
    const long = plan({ namePrefix: `${'Shop'.repeat(40)}-1a2b3c4d` })!;
    for (const name of [long.functionName, long.ruleName]) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toContain('-1a2b3c4d-');
    }
    expect(long.functionName).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(long.ruleName).toMatch(/^[.\-_A-Za-z0-9]+$/);
  });

  test('least privilege: the shift only for this load balancer and group, the alarms and topic by ARN, the topic key when the service made it', () => {
    const statements = outlierShiftStatements({
      shifted: ['arn:lb', 'arn:asg'], outlierAlarms: ['arn:a1', 'arn:a2'], topic: 'arn:topic', topicKey: 'arn:key', logStreams: 'arn:logs:*',
    });
    expect(statements[0]).toEqual({
      Effect: 'Allow',
      Action: ['arc-zonal-shift:StartZonalShift', 'arc-zonal-shift:GetManagedResource'],
      Resource: ['*'],
      Condition: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': ['arn:lb', 'arn:asg'] } },
    });
    expect(statements.find((x) => (x.Action as string[]).includes('cloudwatch:DescribeAlarms'))!.Resource).toEqual(['arn:a1', 'arn:a2']);
    expect(statements.find((x) => (x.Action as string[]).includes('kms:GenerateDataKey'))!.Resource).toEqual(['arn:key']);
    // On * only what has no resource-level permission.
    const unscoped = statements.filter((x) => (x.Resource as string[]).includes('*') && !x.Condition).flatMap((x) => x.Action as string[]);
    for (const action of unscoped) expect(action).toMatch(/^(arc-zonal-shift:List|elasticloadbalancing:Describe|autoscaling:Describe|ec2:(Describe|Create|Delete|Assign|Unassign))/);
    expect(outlierShiftStatements({ shifted: [], outlierAlarms: [], topic: 't', logStreams: 'l' }).flatMap((x) => x.Action as string[])).not.toContain('kms:Decrypt');
  });

  test('a shift lasts 1 minute to 72 hours, ARC\'s limit', () => {
    expect(problems({ minutes: 0 })).toEqual(['outlierShiftDuration must be between 1 and 4320 minutes, received 0 minutes']);
    expect(problems({ minutes: 4321 })).toHaveLength(1);
    expect(problems({ minutes: 1.5 })).toEqual(['outlierShiftDuration must be a whole number between 1 and 4320 minutes, received 1.5']);
  });
});

// Seeds moto with a service over three AZs (two healthy instances each), sets the outlier alarms'
// states, then runs the function (its code on stdin) once per run; prints one JSON line per scenario.
const HARNESS = `
import json, os, sys, urllib.request
import boto3
code = sys.stdin.read()
# No reset between scenarios (moto would load its EC2 backend again, seconds each): each has its own names.
for k, scenario in enumerate(json.loads(sys.argv[1])):
    urllib.request.urlopen(os.environ['AWS_ENDPOINT_URL_ARC_ZONAL_SHIFT'] + '/_stub/next')
    ec2, elb, asg, cw, sns = (boto3.client(s) for s in ('ec2', 'elbv2', 'autoscaling', 'cloudwatch', 'sns'))
    azs = ['us-east-1a', 'us-east-1b', 'us-east-1c']
    vpc = ec2.create_vpc(CidrBlock='10.%d.0.0/16' % k)['Vpc']['VpcId']
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock='10.%d.%d.0/24' % (k, i), AvailabilityZone=az)['Subnet']['SubnetId'] for i, az in enumerate(azs)]
    lb = elb.create_load_balancer(Name='api%d' % k, Subnets=subnets)['LoadBalancers'][0]['LoadBalancerArn']
    tg = elb.create_target_group(Name='api%d' % k, Protocol='HTTP', Port=80, VpcId=vpc)['TargetGroups'][0]['TargetGroupArn']
    ec2.create_launch_template(LaunchTemplateName='fleet%d' % k, LaunchTemplateData={'ImageId': 'ami-12c6146b', 'InstanceType': 't3.micro'})
    asg.create_auto_scaling_group(AutoScalingGroupName='fleet%d' % k, MinSize=0, MaxSize=12, DesiredCapacity=0,
        LaunchTemplate={'LaunchTemplateName': 'fleet%d' % k}, VPCZoneIdentifier=subnets[0], TargetGroupARNs=[tg])
    # moto launches into the group's first subnet: grow the group one AZ at a time.
    for n, subnet in zip(scenario['perAz'], subnets):
        asg.update_auto_scaling_group(AutoScalingGroupName='fleet%d' % k, VPCZoneIdentifier=subnet)
        size = asg.describe_auto_scaling_groups(AutoScalingGroupNames=['fleet%d' % k])['AutoScalingGroups'][0]['DesiredCapacity'] + n
        asg.update_auto_scaling_group(AutoScalingGroupName='fleet%d' % k, MinSize=size, DesiredCapacity=size)
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=['fleet%d' % k])['AutoScalingGroups'][0]
    env = json.loads(os.environ['PLANNED'])
    env.update(ALARM_NAME_PREFIX=env['ALARM_NAME_PREFIX'] + ('' if k == 0 else '-%d' % k), GROUP_NAME='fleet%d' % k)
    for spec in json.loads(os.environ['ALARMS']):
        cw.put_metric_alarm(AlarmName=env['ALARM_NAME_PREFIX'] + '-' + spec['id'], EvaluationPeriods=5, DatapointsToAlarm=3, Threshold=70,
            ComparisonOperator='GreaterThanOrEqualToThreshold', Metrics=spec['metrics'])
    for alarm_id in scenario['alarming']:
        cw.set_alarm_state(AlarmName=env['ALARM_NAME_PREFIX'] + '-' + alarm_id, StateValue='ALARM', StateReason='test')
    topic = sns.create_topic(Name='alarms%d' % k)['TopicArn']
    env.update(LOAD_BALANCER_ARN=lb, SHIFTED_RESOURCES=lb + ',' + group['AutoScalingGroupARN'], TARGET_GROUP_ARN=tg, TOPIC_ARN=topic,
        HEALTHY_TARGETS_NEEDED=str(scenario['needed']))
    os.environ.update(env)
    module = {}
    exec(compile(code, 'index.py', 'exec'), module)
    results = [module['handler']({}, None) for _ in range(scenario['runs'])]
    print('SCENARIO ' + json.dumps(dict(results=results, loadBalancer=lb, group=group['AutoScalingGroupARN'],
        instanceAzs=sorted(i['AvailabilityZone'] for i in group['Instances']))))
`;

interface Scenario { readonly alarming: string[]; readonly needed?: number; readonly runs?: number; readonly perAz?: number[] }
interface Outcome { results: Array<Record<string, any>>; loadBalancer: string; group: string; instanceAzs: string[] }

describe('the function, against moto and the ARC stub', () => {
  let moto: MotoServer;
  let arc: ArcStub;
  let outcomes: Outcome[];
  const requestsOf: Array<ArcStub['requests']> = [];
  const scenarios: Scenario[] = [
    { alarming: ['OutlierLatencyAz2'], runs: 2 },
    { alarming: ['OutlierLatencyAz2', 'OutlierFaultsAz3'] },
    { alarming: [] },
    { alarming: ['OutlierFaultsAz1'], needed: 5 },
  ];

  beforeAll(async () => {
    [moto, arc] = await Promise.all([startMoto(), startArcStub()]);
    const shift = plan()!;
    const planned = outlierShiftEnvironment(shift, {
      alarmNamePrefix: 'Shop-Api-1a2b3c4d', loadBalancerArn: '', shiftedArns: [], groupName: 'fleet', targetGroupArn: '', topicArn: '',
    });
    // The outlier alarms as planned: their metrics name each AZ (the function reads it from there).
    const alarms = outliers.alarms.map((a) => ({
      id: a.id,
      metrics: [
        { Id: 'e', Expression: 'IF(requests < 50, 0, 1)', ReturnData: true },
        {
          Id: 'requests',
          ReturnData: false,
          MetricStat: {
            Period: 60,
            Stat: 'Sum',
            Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/api/1' }, { Name: 'AvailabilityZone', Value: a.metrics.requests.availabilityZone }] },
          },
        },
      ],
    }));
    // One process for all scenarios (moto is reset between them); the ARC stub answers in this process.
    const runs = scenarios.map((s) => ({ runs: 1, needed: 4, perAz: [2, 2, 2], ...s }));
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('python3', ['-c', HARNESS, JSON.stringify(runs)], {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_ENDPOINT_URL: moto.endpoint,
          AWS_ENDPOINT_URL_ARC_ZONAL_SHIFT: arc.endpoint,
          AWS_MAX_ATTEMPTS: '1',
          PLANNED: JSON.stringify(planned),
          ALARMS: JSON.stringify(alarms),
        },
        timeout: 90_000,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(stderr.split('\n').slice(-5).join('\n')))));
      child.stdin.end(OUTLIER_SHIFT_FUNCTION.code);
    });
    outcomes = out.split('\n').filter((l) => l.startsWith('SCENARIO ')).map((l) => JSON.parse(l.slice('SCENARIO '.length)));
    requestsOf.push(...arc.byScenario());
  }, 120_000);
  afterAll(async () => {
    await Promise.all([moto?.stop(), arc?.close()]);
  });

  test('one outlier AZ: shifts the load balancer and the fleet away from its AZ ID, for the planned time', () => {
    const [first] = outcomes[0].results;
    expect(outcomes[0].instanceAzs).toEqual(['us-east-1a', 'us-east-1a', 'us-east-1b', 'us-east-1b', 'us-east-1c', 'us-east-1c']);
    expect(first).toEqual(expect.objectContaining({ decision: 'shift', az: 'us-east-1b', expiresIn: '1h', healthyTargetsElsewhere: 4 }));
    // moto maps us-east-1b to its AZ ID; ARC takes the ID, not the name.
    expect(first.azId).toMatch(/^use1-az\d$/);
    const starts = requestsOf[0].filter((r) => r.operation === 'StartZonalShift');
    expect(starts.map((r) => [r.input.resourceIdentifier, r.input.awayFrom, r.input.expiresIn])).toEqual([
      [outcomes[0].loadBalancer, first.azId, '1h'], [outcomes[0].group, first.azId, '1h'],
    ]);
    expect(String(starts[0].input.comment)).toContain('Shop-Api-1a2b3c4d-OutlierLatencyAz2');
  });

  test('every request the function sent matched the ARC API\'s model', () => {
    const all = requestsOf.flat();
    expect(all.length).toBeGreaterThan(4);
    expect(all.filter((r) => r.problems.length > 0)).toEqual([]);
  });

  test('no second shift while one is active', () => {
    expect(outcomes[0].results[1]).toEqual(expect.objectContaining({ decision: 'none', reason: 'a zonal shift is already active' }));
  });

  test('outliers in two AZs (or none) start nothing and call no ARC API', () => {
    expect(outcomes[1].results[0]).toEqual(expect.objectContaining({ decision: 'none', reason: '2 AZs are outliers: only one outlier AZ is shifted away from' }));
    expect(outcomes[2].results[0]).toEqual(expect.objectContaining({ decision: 'none', reason: '0 AZs are outliers: only one outlier AZ is shifted away from' }));
    expect([...requestsOf[1], ...requestsOf[2]]).toEqual([]);
  });

  test('too few healthy targets in the other AZs for the peak: no shift', () => {
    expect(outcomes[3].results[0]).toEqual(expect.objectContaining({
      decision: 'none', reason: 'the other AZs hold 4 healthy targets, fewer than the 5 the peak needs', az: 'us-east-1a',
    }));
    expect(requestsOf[3].map((r) => r.operation)).not.toContain('StartZonalShift');
  });

  test('the stub refuses what the API refuses: a missing member, a shift over 72 hours, a second active shift', async () => {
    const post = (body: object) => fetch(`${arc.endpoint}/zonalshifts`, {
      method: 'POST', body: JSON.stringify(body), headers: { 'authorization': 'AWS4-HMAC-SHA256 Credential=testing', 'content-type': 'application/json' },
    });
    arc.reset();
    const ok = { resourceIdentifier: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1', awayFrom: 'use1-az1', comment: 'c' };
    expect((await post({ ...ok })).status).toBe(400);
    expect(arc.requests[0].problems).toEqual(['StartZonalShiftRequest.expiresIn is required']);
    expect((await post({ ...ok, expiresIn: '73h' })).status).toBe(400);
    expect((await post({ ...ok, expiresIn: '30s' })).status).toBe(400);
    expect(arc.requests[2].problems).toEqual(['StartZonalShiftRequest.expiresIn does not match ([1-9][0-9]*)(m|h)']);
    expect((await post({ ...ok, awayFrom: 'us-east-1b-is-a-name-x', expiresIn: '1h' })).status).toBe(400);
    expect((await post({ ...ok, expiresIn: '1h' })).status).toBe(201);
    expect((await post({ ...ok, expiresIn: '1h' })).status).toBe(409);
  });
});
