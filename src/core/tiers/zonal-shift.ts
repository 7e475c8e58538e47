/**
 * The zonal shift tier: whether the load balancer and the group take part in zonal shifts, and the
 * zonal autoshift with its practice runs.
 */
import { PolicyStatementJson } from './keys';
import { shortName } from '../base/naming';
import { Validator } from '../base/validation';
import { ImpairedZoneHealthCheck, ServiceOptions } from '../options/options';

/** Zonal shift: moving traffic away from an impaired AZ, by an operator or by the load balancer itself. */
export interface ZonalShiftPlan {
  /** Whether the load balancer takes part in zonal shifts (and the fleet, with {@link fleet}). */
  readonly enabled: boolean;
  /**
   * Whether the Auto Scaling group takes part too (its impairment policy): only where the renderer
   * can write it. A zonal shift naming a group that has none fails to start.
   */
  readonly fleet: boolean;
  /** What the fleet does with unhealthy instances in a shifted-away AZ. */
  readonly impairedZoneHealthCheck: ImpairedZoneHealthCheck;
  /** Zonal autoshift of the load balancer, with weekly practice runs, when asked for. */
  readonly autoshift?: AutoshiftPlan;
}

/** ARC shifts traffic away from an AZ by itself when AWS detects an impairment there. */
export interface AutoshiftPlan {
  /** Weekly windows (UTC) when no practice run starts, e.g. `Mon:18:30-Mon:19:30`. */
  readonly blockedWindows: string[];
  /** Dates (UTC) when no practice run starts, `YYYY-MM-DD`. */
  readonly blockedDates: string[];
  /** Id of the alarm whose ALARM state fails a practice run: the service's health. */
  readonly outcomeAlarmId: string;
  /**
   * Id of the alarm whose ALARM state keeps a practice run from starting (and stops one): the same
   * service health, so no rehearsal takes an AZ away from a service already failing its users.
   * CloudFormation takes one blocking alarm per resource.
   */
  readonly blockingAlarmId: string;
  /**
   * What ARC shifts: the load balancer (traffic) and the fleet (launches), each with its own
   * configuration, so an autoshift moves both away from the impaired AZ.
   */
  readonly resources: Array<'loadBalancer' | 'fleet'>;
}

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const WINDOW = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);

/**
 * Zonal shift on by default. No target-group DNS-failover threshold: the load balancer's cross-zone
 * load balancing (always on for an Application Load Balancer) makes the threshold count the targets
 * of every AZ together, so losing one AZ of three never reaches it (ELB guide, "Target group
 * health"). Taking an impaired AZ out of DNS is the zonal shift's job, by an operator or by autoshift.
 */
export function planZonalShift(
  o: ServiceOptions, outcomeAlarmId: string | undefined, v: Validator, fleetZonalShift = true,
): ZonalShiftPlan {
  const enabled = o.zonalShift ?? true;
  if (!enabled) {
    v.check(o.impairedZoneHealthCheck === undefined,
      `impairedZoneHealthCheck applies to zonal shifts; received impairedZoneHealthCheck ${o.impairedZoneHealthCheck} with zonalShift: false`);
  }
  return {
    enabled,
    fleet: enabled && fleetZonalShift,
    impairedZoneHealthCheck: o.impairedZoneHealthCheck ?? ImpairedZoneHealthCheck.IGNORE_UNHEALTHY,
    autoshift: o.zonalAutoshift && planAutoshift(o, enabled, enabled && fleetZonalShift, outcomeAlarmId, v),
  };
}

/** Autoshift needs zonal shift and an outcome alarm; its blocked windows and dates are checked here, not at deploy. */
function planAutoshift(
  o: ServiceOptions, zonalShift: boolean, fleet: boolean, outcomeAlarmId: string | undefined, v: Validator,
): AutoshiftPlan | undefined {
  const a = o.zonalAutoshift!;
  v.check(zonalShift, 'zonalAutoshift needs zonal shift; received it with zonalShift: false');
  v.check(outcomeAlarmId !== undefined,
    'zonalAutoshift needs the service-health alarm to judge its practice runs; received it with alarms: false (or with every critical alarm turned off)');
  const blockedWindows = a.blockedWindows ?? [];
  blockedWindows.forEach((w, i) => {
    if (v.isUnresolved(w)) return;
    const m = WINDOW.exec(w);
    const ok = m !== null && m[1] === m[4] && Number(m[2]) * 60 + Number(m[3]) < Number(m[5]) * 60 + Number(m[6]);
    v.check(ok, `zonalAutoshift.blockedWindows[${i}] must be a window within one day in UTC such as Mon:18:30-Mon:19:30 (days Mon to Sun, title case), received ${JSON.stringify(w)}`);
  });
  const blockedDates = a.blockedDates ?? [];
  blockedDates.forEach((d, i) => {
    if (v.isUnresolved(d)) return;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00Z`) : undefined;
    v.check(date !== undefined && !isNaN(date.getTime()) && date.toISOString().startsWith(d),
      `zonalAutoshift.blockedDates[${i}] must be a date such as 2026-12-24 (YYYY-MM-DD), received ${JSON.stringify(d)}`);
  });
  if (outcomeAlarmId === undefined) return undefined;
  return { blockedWindows, blockedDates, outcomeAlarmId, blockingAlarmId: outcomeAlarmId, resources: fleet ? ['loadBalancer', 'fleet'] : ['loadBalancer'] };
}

/** Longest zonal shift ARC starts: "up to three days (72 hours)" (ARC API reference, StartZonalShift `expiresIn`). */
export const ZONAL_SHIFT_MAX_MINUTES = 72 * 60;

/** How long an automatic shift lasts unless someone extends it; it starts again if the AZ is still an outlier. */
export const OUTLIER_SHIFT_DEFAULT_MINUTES = 60;

/**
 * The automatic response to a gray failure (opt-in): on a sustained outlier in exactly one AZ, a
 * function starts a zonal shift away from it for a bounded time. The guard is in two halves: the
 * plan refuses the opt-in unless the other AZs carry the peak (static stability), and the function
 * shifts only when exactly one AZ is an outlier, no shift or autoshift is active, and the other
 * AZs hold the healthy targets the peak needs.
 */
export interface OutlierShiftPlan {
  /** `expiresIn` as ARC takes it: a whole number and `m` or `h`, at most 72 h. */
  readonly expiresIn: string;
  readonly expiresInMinutes: number;
  /** The composites whose ALARM state starts the function (`ImpairedAz<i>`). */
  readonly triggerAlarmIds: string[];
  /** The outlier alarms of each AZ, by AZ number (1-based): what the function reads. */
  readonly outlierAlarmIds: Record<string, string[]>;
  /** Healthy targets the AZs left must hold: the planned peak's need, else what losing an AZ leaves. */
  readonly healthyTargetsNeeded: number;
  /** What the shift moves: the load balancer, and the fleet when it takes part in zonal shifts. */
  readonly resources: Array<'loadBalancer' | 'fleet'>;
  /** The function's name: at most 64 letters, digits, hyphens and underscores (Lambda API reference, CreateFunction FunctionName). */
  readonly functionName: string;
  readonly functionDescription: string;
  /** The EventBridge rule's name: at most 64 of `.-_A-Za-z0-9` (EventBridge API reference, PutRule Name). */
  readonly ruleName: string;
  readonly ruleDescription: string;
  /**
   * The rule's event pattern: any of the AZs' composites entering ALARM (CloudWatch User Guide,
   * "Alarm events and EventBridge": source aws.cloudwatch, detail-type "CloudWatch Alarm State
   * Change", detail.alarmName, detail.state.value). Names, not ARNs: they are known at synth, and
   * the default event bus carries this account's and Region's alarms only.
   */
  readonly eventPattern: OutlierShiftEventPattern;
}

/** The EventBridge event pattern of the shift's rule, as JSON. */
export interface OutlierShiftEventPattern {
  readonly 'source': string[];
  readonly 'detail-type': string[];
  readonly 'detail': { readonly alarmName: string[]; readonly state: { readonly value: string[] } };
}

/** What the outlier shift is planned from. */
export interface OutlierShiftInputs {
  /** Whether the user opted in, and for how many minutes a shift lasts. */
  readonly enabled?: boolean;
  readonly minutes?: number;
  readonly zonalShift: ZonalShiftPlan;
  /** The capacity plan's figure: % of the peak left after losing the fullest AZ (undefined without a demand). */
  readonly capacityAfterAzLossPercentOfPeak?: number;
  /** The per-AZ outlier composites and their alarms (none without the alarm set). */
  readonly outliers?: { readonly composites: ReadonlyArray<{ readonly id: string; readonly alarmIds: string[] }> };
  readonly healthyTargetsNeeded: number;
  /** The service's name prefix: the alarms are named `<prefix>-<id>`, and so are the function and its rule. */
  readonly namePrefix: string;
}

/** What the function and its rule are called after the service's prefix (kept within 64 with its hash). */
export const OUTLIER_SHIFT_NAMES = {
  functionSuffix: '-outlier-shift',
  ruleSuffix: '-impaired-az',
  /** Lambda function names and EventBridge rule names both stop at 64 characters. */
  maxLength: 64,
} as const;

/** The opt-in's plan, or none; its problems (what cannot be guarded) go to the validator. */
export function planOutlierShift(i: OutlierShiftInputs, v: Validator): OutlierShiftPlan | undefined {
  if (!i.enabled) {
    v.check(i.minutes === undefined, 'outlierShiftDuration configures the automatic zonal shift; received it without outlierShift: true');
    return undefined;
  }
  v.check(i.zonalShift.enabled, 'outlierShift starts zonal shifts; received it with zonalShift: false');
  v.check(i.outliers !== undefined, 'outlierShift acts on the per-AZ outlier alarms; received it with alarms: false');
  const afterLoss = i.capacityAfterAzLossPercentOfPeak;
  v.check(afterLoss === undefined || afterLoss >= 100,
    `outlierShift moves an AZ's traffic to the others, which the capacity plan says cannot carry the peak (${afterLoss} % of it after losing an AZ): ` +
    'plan the capacity with surviveAzLoss, or shift by hand');
  const minutes = i.minutes ?? OUTLIER_SHIFT_DEFAULT_MINUTES;
  v.integer('outlierShiftDuration', minutes, 1, ZONAL_SHIFT_MAX_MINUTES, 'minutes');
  if (!i.zonalShift.enabled || !i.outliers) return undefined;
  const m = Number.isInteger(minutes) && minutes >= 1 && minutes <= ZONAL_SHIFT_MAX_MINUTES ? minutes : OUTLIER_SHIFT_DEFAULT_MINUTES;
  const expiresIn = m % 60 === 0 ? `${m / 60}h` : `${m}m`;
  const name = (suffix: string) => `${shortName(i.namePrefix, OUTLIER_SHIFT_NAMES.maxLength - suffix.length)}${suffix}`;
  const triggerAlarmNames = i.outliers.composites.map((c) => `${i.namePrefix}-${c.id}`);
  return {
    expiresIn,
    expiresInMinutes: m,
    triggerAlarmIds: i.outliers.composites.map((c) => c.id),
    outlierAlarmIds: Object.fromEntries(i.outliers.composites.map((c, n) => [String(n + 1), [...c.alarmIds]])),
    healthyTargetsNeeded: i.healthyTargetsNeeded,
    resources: i.zonalShift.fleet ? ['loadBalancer', 'fleet'] : ['loadBalancer'],
    functionName: name(OUTLIER_SHIFT_NAMES.functionSuffix),
    functionDescription: `Shifts traffic away from the one AZ whose outlier alarms fire, for ${expiresIn}, when the other AZs carry the peak`,
    ruleName: name(OUTLIER_SHIFT_NAMES.ruleSuffix),
    ruleDescription: 'Starts the outlier shift function when an AZ\'s ImpairedAz composite alarm goes to ALARM',
    eventPattern: {
      'source': ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      'detail': { alarmName: triggerAlarmNames, state: { value: ['ALARM'] } },
    },
  };
}

/** The ARNs the function's permissions name, as the renderer writes them. */
export interface OutlierShiftArns {
  /** What it shifts: the load balancer, and the group when it takes part. */
  readonly shifted: string[];
  /** The metric alarms it reads (the AZs' outlier alarms). */
  readonly outlierAlarms: string[];
  readonly topic: string;
  /** The topic's KMS key, when the service encrypts its topic with its own. */
  readonly topicKey?: string;
  /** The function's log group's streams: its ARN ending in `:*`. */
  readonly logStreams: string;
}

/**
 * The function's role, least privilege (Service Authorization Reference, per service):
 * - StartZonalShift and GetManagedResource only for this load balancer and group, by the
 *   `arc-zonal-shift:ResourceIdentifier` condition on `*`, as the ARC Developer Guide ("IAM and
 *   permissions for zonal shift") writes it; ListZonalShifts lists, it takes no resource;
 * - cloudwatch:DescribeAlarms on the outlier alarms' ARNs (the alarm resource type);
 * - elasticloadbalancing:DescribeTargetHealth, autoscaling:DescribeAutoScalingGroups and
 *   ec2:DescribeAvailabilityZones have no resource-level permission: `*`;
 * - sns:Publish on the alarm topic, and its key's data key when the service made the key;
 * - its own log group's streams; and the network interfaces Lambda attaches in the VPC
 *   (the actions of AWSLambdaVPCAccessExecutionRole, `*`).
 */
export function outlierShiftStatements(a: OutlierShiftArns): PolicyStatementJson[] {
  const statements: PolicyStatementJson[] = [
    {
      Effect: 'Allow',
      Action: ['arc-zonal-shift:StartZonalShift', 'arc-zonal-shift:GetManagedResource'],
      Resource: ['*'],
      Condition: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': a.shifted } },
    },
    { Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms'], Resource: a.outlierAlarms },
    { Effect: 'Allow', Action: ['sns:Publish'], Resource: [a.topic] },
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [a.logStreams] },
    {
      Effect: 'Allow',
      Action: [
        'arc-zonal-shift:ListZonalShifts', 'elasticloadbalancing:DescribeTargetHealth', 'autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeAvailabilityZones',
        ...OUTLIER_SHIFT_FUNCTION.vpcActions,
      ],
      Resource: ['*'],
    },
  ];
  if (a.topicKey) statements.splice(3, 0, { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [a.topicKey] });
  return statements;
}

/** The function's environment from the plan and the names and ARNs the renderer has. */
export function outlierShiftEnvironment(p: OutlierShiftPlan, r: {
  readonly alarmNamePrefix: string;
  readonly loadBalancerArn: string;
  readonly shiftedArns: string[];
  readonly groupName: string;
  readonly targetGroupArn: string;
  readonly topicArn: string;
}): Record<string, string> {
  return {
    ALARM_NAME_PREFIX: r.alarmNamePrefix,
    OUTLIER_ALARMS: JSON.stringify(p.outlierAlarmIds),
    LOAD_BALANCER_ARN: r.loadBalancerArn,
    SHIFTED_RESOURCES: r.shiftedArns.join(','),
    HEALTHY_TARGETS_NEEDED: String(p.healthyTargetsNeeded),
    EXPIRES_IN: p.expiresIn,
    GROUP_NAME: r.groupName,
    TARGET_GROUP_ARN: r.targetGroupArn,
    TOPIC_ARN: r.topicArn,
  };
}

/**
 * The function that starts the shift. Python for the Lambda runtime's boto3, so that the tests run
 * its real SDK calls against moto's server (CloudWatch, ELB, Auto Scaling, EC2, SNS) and a stub of
 * the ARC zonal shift API. It reads each AZ's name from its alarm's metrics (so no AZ name, which
 * may be a deploy-time value, is in its environment) and maps it to the AZ ID ARC takes
 * (`awayFrom`, e.g. use1-az1) with DescribeAvailabilityZones. One JSON line per decision.
 */
export const OUTLIER_SHIFT_FUNCTION = {
  runtime: 'python3.13',
  handler: 'index.handler',
  memoryMiB: 256,
  timeoutSeconds: 60,
  logRetentionDays: 365,
  /** What Lambda needs to attach a function to its VPC (the actions of AWSLambdaVPCAccessExecutionRole; no resource-level permission). */
  vpcActions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
  environment: ['ALARM_NAME_PREFIX', 'OUTLIER_ALARMS', 'LOAD_BALANCER_ARN', 'SHIFTED_RESOURCES', 'HEALTHY_TARGETS_NEEDED', 'EXPIRES_IN', 'GROUP_NAME', 'TARGET_GROUP_ARN', 'TOPIC_ARN'],
  code: `# Starts an ARC zonal shift away from the one AZ that is an outlier, when it is safe to.
import json
import os

import boto3

cloudwatch = boto3.client('cloudwatch')
elbv2 = boto3.client('elbv2')
autoscaling = boto3.client('autoscaling')
ec2 = boto3.client('ec2')
arc = boto3.client('arc-zonal-shift')
sns = boto3.client('sns')


def decide(decision, **fields):
    record = dict(decision=decision, **fields)
    print(json.dumps(record, default=str))
    return record


def az_of_alarm(alarm):
    for query in alarm.get('Metrics', []):
        for d in query.get('MetricStat', {}).get('Metric', {}).get('Dimensions', []):
            if d['Name'] == 'AvailabilityZone':
                return d['Value']
    return None


def handler(event, context):
    prefix = os.environ['ALARM_NAME_PREFIX']
    per_az = json.loads(os.environ['OUTLIER_ALARMS'])
    shifted = [arn for arn in os.environ['SHIFTED_RESOURCES'].split(',') if arn]
    needed = int(os.environ['HEALTHY_TARGETS_NEEDED'])
    names = [prefix + '-' + i for ids in per_az.values() for i in ids]
    found = cloudwatch.describe_alarms(AlarmNames=names, AlarmTypes=['MetricAlarm'])['MetricAlarms']
    by_name = dict((a['AlarmName'], a) for a in found)
    impaired = []
    for number, ids in sorted(per_az.items()):
        alarms = [by_name[prefix + '-' + i] for i in ids if prefix + '-' + i in by_name]
        firing = [a['AlarmName'] for a in alarms if a['StateValue'] == 'ALARM']
        if firing:
            impaired.append(dict(az=next((az_of_alarm(a) for a in alarms if az_of_alarm(a)), None), number=number, alarms=firing))
    if len(impaired) != 1:
        return decide('none', reason='%d AZs are outliers: only one outlier AZ is shifted away from' % len(impaired), outliers=impaired)
    az = impaired[0]['az']
    for arn in shifted:
        active = arc.list_zonal_shifts(resourceIdentifier=arn, status='ACTIVE').get('items', [])
        if active:
            return decide('none', reason='a zonal shift is already active', resource=arn, zonalShiftId=active[0]['zonalShiftId'])
        resource = arc.get_managed_resource(resourceIdentifier=arn)
        if any(s.get('appliedStatus') == 'APPLIED' for s in resource.get('autoshifts', [])):
            return decide('none', reason='a zonal autoshift is active', resource=arn)
    group = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[os.environ['GROUP_NAME']])['AutoScalingGroups'][0]
    zone_of = dict((i['InstanceId'], i['AvailabilityZone']) for i in group['Instances'])
    targets = elbv2.describe_target_health(TargetGroupArn=os.environ['TARGET_GROUP_ARN'])['TargetHealthDescriptions']
    elsewhere = len([t for t in targets if t['TargetHealth']['State'] == 'healthy' and zone_of.get(t['Target']['Id']) not in (None, az)])
    if elsewhere < needed:
        return decide('none', reason='the other AZs hold %d healthy targets, fewer than the %d the peak needs' % (elsewhere, needed), az=az)
    zone_id = ec2.describe_availability_zones(ZoneNames=[az])['AvailabilityZones'][0]['ZoneId']
    comment = ('Outlier in %s: %s' % (az, ', '.join(impaired[0]['alarms'])))[:128]
    ids = [arc.start_zonal_shift(resourceIdentifier=arn, awayFrom=zone_id, expiresIn=os.environ['EXPIRES_IN'], comment=comment)['zonalShiftId'] for arn in shifted]
    record = decide('shift', az=az, azId=zone_id, expiresIn=os.environ['EXPIRES_IN'], zonalShiftIds=ids, healthyTargetsElsewhere=elsewhere)
    topic = os.environ.get('TOPIC_ARN')
    if topic:
        sns.publish(TopicArn=topic, Subject=('Zonal shift away from %s' % az)[:100], Message=json.dumps(record))
    return record
`,
} as const;
