import { execFileSync } from 'child_process';
import { CapacityPlan } from '../../../src/core/capacity/demand';
import { DatabaseEngine, ServiceOptions } from '../../../src/core/options/options';
import { ExperimentPlan, LATENCY_SCRIPT, latencyDocument, latencyDocumentName } from '../../../src/core/tiers/experiments';
import { plainPlan, plainProblems } from '../plain';

// The experiments' planner on plain data: which templates, which actions, what they predict.
const experimentsOf = (options: ServiceOptions = {}): Record<string, ExperimentPlan> =>
  Object.fromEntries((plainPlan(options).faultInjection?.experiments ?? []).map((e) => [e.id, e]));
const actionIds = (e: ExperimentPlan) => e.actions.map((a) => a.actionId);
const problemsOf = plainProblems;

describe('the default service', () => {
  const plan = plainPlan();
  const experiments = experimentsOf();

  test('gets four experiments, stopped by the service-health alarm, impairing the first AZ for 10 minutes', () => {
    expect(Object.keys(experiments)).toEqual(['InstanceLoss', 'AzImpairment', 'AzGrayFailure', 'DatabaseFailover']);
    expect(plan.faultInjection).toEqual(expect.objectContaining({
      stopAlarmId: 'ServiceHealth', availabilityZoneIndex: 0, availabilityZone: 'eu-west-1a', durationSeconds: 600,
    }));
    expect(experiments.AzImpairment.name).toBe(`${plan.namePrefix}-AzImpairment`);
  });

  test('instance loss terminates one instance; nothing fires, the fleet recovers in one replacement', () => {
    const e = experiments.InstanceLoss;
    expect(e.actions).toEqual([expect.objectContaining({ actionId: 'aws:ec2:terminate-instances', target: 'fleetInstance', parameters: {} })]);
    expect(e.prediction).toEqual(expect.objectContaining({
      instancesLeft: plan.fleet.minCapacity - 1,
      detectionSeconds: plan.report.detectionSeconds,
      recoverySeconds: plan.report.replacementSeconds,
      alarmsExpected: [],
    }));
    expect(e.prediction.alarmsQuiet).toEqual(expect.arrayContaining(['ServiceHealth', 'HealthyHostsBelowNeed', 'UnhealthyHosts', 'InServiceBelowMinimum']));
  });

  test('AZ impairment: the network of the AZ, its launches, and a database failover only while the writer is there; no shift without autoshift', () => {
    const e = experiments.AzImpairment;
    expect(actionIds(e)).toEqual(['aws:network:disrupt-connectivity', 'aws:ec2:asg-insufficient-instance-capacity-error', 'aws:rds:failover-db-cluster']);
    const byName = Object.fromEntries(e.actions.map((a) => [a.name, a]));
    expect(byName.DisruptNetwork.parameters).toEqual({ scope: 'all', duration: 'PT10M' });
    expect(byName.FailLaunches.parameters).toEqual({ availabilityZoneIdentifiers: 'eu-west-1a', percentage: '100', duration: 'PT10M' });
    // FIS resolves the cluster only while its writer is in the AZ; elsewhere the action is skipped, not the experiment failed.
    expect(byName.FailOverDatabase.targetParameters).toEqual({ writerAvailabilityZoneIdentifiers: 'eu-west-1a' });
    expect(e.emptyTargetResolutionMode).toBe('skip');
    expect(experiments.DatabaseFailover.emptyTargetResolutionMode).toBe('fail');
    expect(e.prediction.summary).toContain('Nothing shifts by itself');
    expect(e.prediction).toEqual(expect.objectContaining({
      instancesLeft: plan.report.instancesAfterAzLoss,
      databaseFailoverSeconds: plan.report.databaseFailoverSeconds,
      writerOutsideImpairedAz: true,
      // 10 minutes outlast a replacement: the zonal signal fires, the service-health alarm must not.
      alarmsExpected: ['HealthyHostsAz1', 'UnhealthyHosts'],
    }));
    expect(e.prediction.alarmsQuiet).toEqual(expect.arrayContaining(['ServiceHealth', ...plan.monitoring.serviceHealth!.alarmIds]));
  });

  test('the report carries each prediction', () => {
    expect(plan.report.experiments.map((p) => p.id)).toEqual(['InstanceLoss', 'AzImpairment', 'AzGrayFailure', 'DatabaseFailover']);
    expect(plan.report.experiments[3]).toEqual(expect.objectContaining({ actions: ['aws:rds:failover-db-cluster'], databaseFailoverSeconds: 30 }));
  });
});

describe('the experiments follow the service', () => {
  test('another AZ: its name in every action, the failover too (the writer may be there after an earlier failover)', () => {
    const e = experimentsOf({ faultInjectionAvailabilityZone: 'eu-west-1b', faultInjectionDurationSeconds: 300 }).AzImpairment;
    expect(e.actions.find((a) => a.name === 'FailOverDatabase')!.targetParameters).toEqual({ writerAvailabilityZoneIdentifiers: 'eu-west-1b' });
    expect(e.prediction.writerOutsideImpairedAz).toBe(true);
    expect(e.actions.find((a) => a.name === 'FailLaunches')!.parameters).toEqual({ availabilityZoneIdentifiers: 'eu-west-1b', percentage: '100', duration: 'PT5M' });
    expect(e.description).toContain('AZ 2 off for 5 minutes');
  });

  test('an impairment shorter than a replacement predicts no zonal alarm', () => {
    expect(experimentsOf({ faultInjectionDurationSeconds: 60 }).AzImpairment.prediction.alarmsExpected).toEqual([]);
  });

  test('a Multi-AZ DB instance is rebooted with a failover to its standby; in the AZ experiment only while its primary is in the AZ', () => {
    const experiments = experimentsOf({ databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE });
    const e = experiments.DatabaseFailover;
    expect(e.actions).toEqual([expect.objectContaining({ actionId: 'aws:rds:reboot-db-instances', target: 'databaseInstance', parameters: { forceFailover: 'true' } })]);
    expect(e.actions[0].targetParameters).toBeUndefined();
    expect(e.prediction.databaseFailoverSeconds).toBe(120);
    // RDS picks the primary's AZ: forcing a failover with the primary elsewhere would move it into the cut-off AZ.
    const az = experiments.AzImpairment.actions.find((a) => a.name === 'FailOverDatabase')!;
    expect(az.targetParameters).toEqual({ availabilityZoneIdentifiers: 'eu-west-1a' });
    expect(experiments.AzImpairment.prediction.writerOutsideImpairedAz).toBe(true);
  });

  test('with a reader sharing an AZ with another instance, Aurora may promote it into the cut-off AZ: the prediction says so', () => {
    // 3 readers over 3 AZs: the third shares the first AZ with the writer, in the same promotion tier as the others.
    const e = experimentsOf({ databaseReaders: 3 }).AzImpairment;
    expect(e.prediction.writerOutsideImpairedAz).toBe(false);
    expect(e.prediction.summary).toContain('may promote a reader that shares AZ 1');
    expect(experimentsOf({ databaseReaders: 2 }).AzImpairment.prediction.writerOutsideImpairedAz).toBe(true);
  });

  test('with zonal autoshift the AZ experiment shifts the load balancer and the fleet away, as ARC would', () => {
    const e = experimentsOf({ zonalAutoshift: {} }).AzImpairment;
    const shift = e.actions.find((a) => a.name === 'ShiftAway')!;
    expect(shift).toEqual(expect.objectContaining({ actionId: 'aws:arc:start-zonal-autoshift', target: 'zonalShiftResources' }));
    expect(shift.parameters).toEqual({ availabilityZoneIdentifier: 'eu-west-1a', duration: 'PT10M', zonalAutoshiftStatus: 'ANY' });
  });

  test('an Aurora writer without readers has nothing to fail over to: no failover experiment, and the AZ experiment says writes stop', () => {
    const experiments = experimentsOf({ databaseReaders: 0 });
    expect(experiments.DatabaseFailover).toBeUndefined();
    expect(actionIds(experiments.AzImpairment)).not.toContain('aws:rds:failover-db-cluster');
    expect(experiments.AzImpairment.prediction.summary).toContain('no reader to fail over to');
    expect(experiments.AzImpairment.prediction.writerOutsideImpairedAz).toBe(false);
    expect(experiments.AzImpairment.emptyTargetResolutionMode).toBe('fail');
  });

  test('a stateless service has no database experiment; without zonal shift there is no shift', () => {
    const experiments = experimentsOf({ database: false, zonalShift: false });
    expect(Object.keys(experiments)).toEqual(['InstanceLoss', 'AzImpairment', 'AzGrayFailure']);
    expect(actionIds(experiments.AzImpairment)).toEqual(['aws:network:disrupt-connectivity', 'aws:ec2:asg-insufficient-instance-capacity-error']);
  });

  test('a fleet that cannot carry its peak without an AZ promises no quiet service-health alarm', () => {
    const capacity = CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100, surviveAzLoss: false });
    const e = experimentsOf({ capacity }).AzImpairment;
    expect(e.prediction.capacityLeftPercentOfPeak).toBeLessThan(100);
    expect(e.prediction.alarmsQuiet).toEqual([]);
    expect(e.prediction.summary).toContain('run it off-peak');
  });

  test('faultInjection: false, or no service-health alarm, means no experiments and an empty report section', () => {
    expect(plainPlan({ faultInjection: false }).faultInjection).toBeUndefined();
    const noAlarms = plainPlan({ alarms: false });
    expect(noAlarms.faultInjection).toBeUndefined();
    expect(noAlarms.report.experiments).toEqual([]);
  });
});

describe('bad input fails at synth, naming the prop', () => {
  test.each([
    [{ faultInjectionAvailabilityZone: 'us-east-1a' }, /faultInjectionAvailabilityZone must be one of the service's AZs \(eu-west-1a, eu-west-1b, eu-west-1c\), received 'us-east-1a'/],
    [{ faultInjectionDurationSeconds: 30 }, /faultInjectionDuration must be between 60 and 43200 seconds, received 30 seconds/],
    [{ faultInjectionDurationSeconds: 50000 }, /faultInjectionDuration must be between 60 and 43200 seconds/],
    [{ faultInjectionDurationSeconds: 90 }, /faultInjectionDuration must be whole minutes, received 90 seconds/],
    [{ faultInjectionDurationSeconds: 60.5 }, /faultInjectionDuration must be a whole number/],
    [{ faultInjection: true, alarms: false }, /faultInjection needs the service-health alarm/],
    [{ faultInjection: false, faultInjectionDurationSeconds: 300 }, /received them with faultInjection: false/],
    [{ alarms: false, faultInjectionAvailabilityZone: 'eu-west-1a' }, /received them with alarms: false/],
  ] as Array<[ServiceOptions, RegExp]>)('%j', (options, message) => {
    const problems = problemsOf(options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('an AZ known only at deploy time is not checked; in an environment-agnostic stack no AZ can be chosen', () => {
    expect(problemsOf({ faultInjectionAvailabilityZone: '${Token[AZ]}' })).toEqual([]);
    expect(() => plainPlan({ faultInjectionAvailabilityZone: 'eu-west-1a' }, { regionAvailabilityZones: ['${Token[AZ1]}', '${Token[AZ2]}'] }))
      .toThrow(/faultInjectionAvailabilityZone needs the service's AZs known at synth .* received 'eu-west-1a'/);
  });
});

describe('the experiments\' role, decided in the plan for every renderer', () => {
  const actionsOf = (options: ServiceOptions) => plainPlan(options).faultInjection!.permissions.flatMap((p) => p.actions);

  test('destructive actions name this service\'s resources, or FIS\'s own ACLs by their tag; only lookups are unconditional on *', () => {
    const permissions = plainPlan().faultInjection!.permissions;
    expect(permissions.find((p) => p.actions.includes('ec2:TerminateInstances'))).toEqual({
      actions: ['ec2:TerminateInstances'],
      resources: ['anyInstance'],
      conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/aws:autoscaling:groupName', values: [{ ref: 'fleetName' }] }],
    });
    expect(permissions.find((p) => p.actions.includes('ec2:ReplaceNetworkAclAssociation'))?.resources).toEqual(['subnetsInAz', 'anyNetworkAcl']);
    expect(permissions.find((p) => p.actions.includes('rds:FailoverDBCluster'))?.resources).toEqual(['databaseCluster']);
    for (const p of permissions.filter((x) => x.resources.some((r) => r === 'any' || r.startsWith('any')) && !x.conditions)) {
      for (const action of p.actions) {
        expect(action).toMatch(/:(Describe|Get|List)[A-Za-z]*$|^logs:(CreateLogDelivery|PutResourcePolicy)$|^arc-zonal-shift:(Update|Cancel)ZonalShift$|^ec2:ReplaceNetworkAclAssociation$|^ssm:CancelCommand$/);
      }
    }
  });

  test('only what the experiments use: no zonal shift, database or cache permissions without them', () => {
    const actions = actionsOf({ database: false, zonalShift: false });
    expect(actions).not.toContain('arc-zonal-shift:StartZonalShift');
    expect(actions.filter((a) => a.startsWith('rds:') || a.startsWith('elasticache:'))).toEqual([]);
    expect(actionsOf({ cache: true })).toEqual(expect.arrayContaining(['elasticache:InterruptClusterAzPower', 'elasticache:DescribeReplicationGroups']));
    expect(actionsOf({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE })).toContain('rds:RebootDBInstance');
  });
});

describe('the gray-failure experiment: one AZ slow, its health checks passing', () => {
  const independent = plainPlan({ crossZoneLoadBalancing: false, outlierShift: true });
  const gray = (options: ServiceOptions = {}) => experimentsOf(options).AzGrayFailure;

  test('our own document, run on the AZ\'s running instances of this fleet, delaying the app port only', () => {
    const e = independent.faultInjection!.experiments.find((x) => x.id === 'AzGrayFailure')!;
    expect(e.actions).toEqual([expect.objectContaining({
      actionId: 'aws:ssm:send-command',
      target: 'fleetInstancesInAz',
      targetFilters: [{ path: 'Placement.AvailabilityZone', values: ['eu-west-1a'] }],
      parameterRefs: { documentArn: 'latencyDocument' },
    })]);
    // 1 s (the P99 alarm's threshold, no latency objective) + 250 ms: every request of the AZ is slow;
    // a health check on a new connection waits 2 x 1.25 s, within its 5 s timeout.
    expect(JSON.parse(e.actions[0].parameters.documentParameters)).toEqual({ DurationSeconds: '600', DelayMilliseconds: '1250', Port: '8080' });
    expect(e.actions[0].parameters.duration).toBe('PT10M');
    expect(independent.faultInjection!.latencyDocument!.name).toBe(`${independent.namePrefix}-AppPortLatency`);
    expect(plainPlan().faultInjection!.latencyDocument).toBeDefined();
    expect(plainPlan({ alarms: false, faultInjection: false }).faultInjection).toBeUndefined();
  });

  test('with cross-zone load balancing off the AZ is an outlier and, opted in, shifted away; P99ResponseTime fires with it and stops the experiment', () => {
    const p = independent.report.experiments.find((x) => x.id === 'AzGrayFailure')!;
    expect(p.alarmsExpected).toEqual(['OutlierLatencyAz1', 'ImpairedAz1', 'P99ResponseTime', 'ServiceHealth']);
    expect(p).toEqual(expect.objectContaining({ detectionSeconds: 240, shiftAfterSeconds: 240, instancesLeft: independent.fleet.minCapacity }));
    expect(p.alarmsQuiet).toEqual(expect.arrayContaining(['OutlierFaultsAz1', 'OutlierLatencyAz2', 'ImpairedAz3', 'HealthyHostsAz1', 'UnhealthyHosts']));
    expect(p.alarmsQuiet).not.toContain('ServiceHealth');
    expect(p.summary).toContain('starts a zonal shift away from AZ 1 within seconds of ImpairedAz1, for 1h');
    expect(p.summary).toContain('stops the experiment');
  });

  test('with cross-zone load balancing on (the default) no AZ is an outlier and nothing shifts; the regional p99 notices', () => {
    const p = gray({ outlierShift: true }).prediction;
    expect(p.alarmsExpected).toEqual(['P99ResponseTime', 'ServiceHealth']);
    expect(p.alarmsQuiet).toEqual(expect.arrayContaining(['OutlierLatencyAz1', 'ImpairedAz1']));
    expect(p.shiftAfterSeconds).toBeUndefined();
    expect(p.summary).toContain('no AZ is an outlier, and the automatic shift does not start');
  });

  test('a latency objective under the P99 alarm\'s threshold: only the AZ\'s outlier alarm fires, the experiment runs to its end', () => {
    const p = gray({ crossZoneLoadBalancing: false, slo: { latencyP99Seconds: 0.25 } });
    expect(JSON.parse(p.actions[0].parameters.documentParameters).DelayMilliseconds).toBe('500');
    expect(p.prediction.alarmsExpected).toEqual(['OutlierLatencyAz1', 'ImpairedAz1']);
    expect(p.prediction.alarmsQuiet).toEqual(expect.arrayContaining(['ServiceHealth', 'P99ResponseTime']));
    // A third of the requests slow: the 1-hour window averages 14.4 x 1 % after 60 x 14.4 / 33.3 = 26 min, not within 10.
    const long = gray({ crossZoneLoadBalancing: false, slo: { latencyP99Seconds: 0.25 }, faultInjectionDurationSeconds: 3600 });
    expect(long.prediction.alarmsExpected).toEqual(['OutlierLatencyAz1', 'ImpairedAz1', 'SloLatencyFastBurn', 'ServiceHealth']);
    expect(long.prediction.summary).toContain('fast burn fires after about 26 min');
  });

  test('the delay never fails a health check: twice it stays within the timeout; below the slow threshold the plan says nothing fires', () => {
    const p = gray({ crossZoneLoadBalancing: false, healthCheckTimeoutSeconds: 2 });
    // (2000 - 500) / 2 = 750 ms, under the 1 s threshold.
    expect(JSON.parse(p.actions[0].parameters.documentParameters).DelayMilliseconds).toBe('750');
    expect(p.prediction.alarmsExpected).toEqual([]);
    expect(p.prediction.summary).toContain('no request counts as slow');
    expect(gray({ faultInjectionDurationSeconds: 180 }).prediction.summary).toContain('ends before any alarm of 3 of 5 minutes can fire');
  });

  test('the role may send the command only with this document and to this fleet\'s instances, and cancel it', () => {
    const permissions = plainPlan().faultInjection!.permissions;
    expect(permissions.filter((x) => x.actions.includes('ssm:SendCommand'))).toEqual([
      { actions: ['ssm:SendCommand'], resources: ['latencyDocument'] },
      {
        actions: ['ssm:SendCommand'],
        resources: ['anyInstance'],
        conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/aws:autoscaling:groupName', values: [{ ref: 'fleetName' }] }],
      },
    ]);
    expect(permissions.flatMap((x) => x.actions)).toEqual(expect.arrayContaining(['ssm:ListCommands', 'ssm:CancelCommand']));
  });
});

describe('the gray-failure document', () => {
  test('a name within the API\'s rules, never with a prefix AWS reserves', () => {
    expect(latencyDocumentName('Shop-Api-1a2b3c4d')).toBe('Shop-Api-1a2b3c4d-AppPortLatency');
    expect(latencyDocumentName('AwsShop-Api-1a2b3c4d')).toBe('svc-AwsShop-Api-1a2b3c4d-AppPortLatency');
    expect(latencyDocumentName('amazonStore-1a2b3c4d')).toMatch(/^svc-/);
    const long = latencyDocumentName(`${'A'.repeat(170)}-1a2b3c4d`);
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).toMatch(/^[a-zA-Z0-9_.-]{3,128}$/);
    expect(long).toContain('1a2b3c4d-AppPortLatency');
  });

  test('digits-only parameters (they are pasted into the script), a Linux shell step', () => {
    const doc = latencyDocument('Shop-Api-1a2b3c4d');
    const content = doc.content as any;
    expect(content.schemaVersion).toBe('2.2');
    for (const name of ['DurationSeconds', 'DelayMilliseconds', 'Port']) expect(content.parameters[name].allowedPattern).toBe('^[0-9]{1,5}$');
    expect(content.mainSteps[0]).toEqual(expect.objectContaining({ action: 'aws:runShellScript', precondition: { StringEquals: ['platformType', 'Linux'] } }));
    // Every parameter the script reads is declared.
    const used = new Set([...LATENCY_SCRIPT.join('\n').matchAll(/\{\{ (\w+) \}\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(content.parameters).sort());
  });

  test('the interface is the default route\'s (ens5 on Amazon Linux 2023), never an assumed eth0', () => {
    const line = LATENCY_SCRIPT.find((l) => l.startsWith('IFACE='))!;
    // `ip` as AL2023 prints it, stubbed in the shell: the script's own line picks the device.
    const run = (routes: string) => execFileSync('bash', ['-c', `ip() { printf '%s\\n' "${routes}"; }\n${line}\necho "$IFACE"`]).toString().trim();
    expect(run('default via 10.0.1.1 dev ens5 proto dhcp src 10.0.1.23 metric 512')).toBe('ens5');
    expect(run('default via 172.31.0.1 dev eth0')).toBe('eth0');
    expect(run('')).toBe('');
  });
});
