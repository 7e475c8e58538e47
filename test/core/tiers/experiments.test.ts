import { CapacityPlan } from '../../../src/core/capacity/demand';
import { DatabaseEngine, ServiceOptions } from '../../../src/core/options/options';
import { ExperimentPlan } from '../../../src/core/tiers/experiments';
import { plainPlan, plainProblems } from '../plain';

// The experiments' planner on plain data: which templates, which actions, what they predict.
const experimentsOf = (options: ServiceOptions = {}): Record<string, ExperimentPlan> =>
  Object.fromEntries((plainPlan(options).faultInjection?.experiments ?? []).map((e) => [e.id, e]));
const actionIds = (e: ExperimentPlan) => e.actions.map((a) => a.actionId);
const problemsOf = plainProblems;

describe('the default service', () => {
  const plan = plainPlan();
  const experiments = experimentsOf();

  test('gets three experiments, stopped by the service-health alarm, cutting off the first AZ for 10 minutes', () => {
    expect(Object.keys(experiments)).toEqual(['InstanceLoss', 'AzImpairment', 'DatabaseFailover']);
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

  test('AZ impairment: the network of the AZ, its launches, a zonal shift and (the writer being there) a database failover', () => {
    const e = experiments.AzImpairment;
    expect(actionIds(e)).toEqual([
      'aws:network:disrupt-connectivity', 'aws:ec2:asg-insufficient-instance-capacity-error', 'aws:arc:start-zonal-autoshift', 'aws:rds:failover-db-cluster',
    ]);
    const byName = Object.fromEntries(e.actions.map((a) => [a.name, a]));
    expect(byName.DisruptNetwork.parameters).toEqual({ scope: 'all', duration: 'PT10M' });
    expect(byName.FailLaunches.parameters).toEqual({ availabilityZoneIdentifiers: 'eu-west-1a', percentage: '100', duration: 'PT10M' });
    expect(byName.ShiftAway.parameters).toEqual({ availabilityZoneIdentifier: 'eu-west-1a', duration: 'PT10M', zonalAutoshiftStatus: 'ANY' });
    expect(e.prediction).toEqual(expect.objectContaining({
      instancesLeft: plan.report.instancesAfterAzLoss,
      databaseFailoverSeconds: plan.report.databaseFailoverSeconds,
      // 10 minutes outlast a replacement: the zonal signal fires, the service-health alarm must not.
      alarmsExpected: ['HealthyHostsAz1', 'UnhealthyHosts'],
    }));
    expect(e.prediction.alarmsQuiet).toEqual(expect.arrayContaining(['ServiceHealth', ...plan.monitoring.serviceHealth!.alarmIds]));
  });

  test('the report carries each prediction', () => {
    expect(plan.report.experiments.map((p) => p.id)).toEqual(['InstanceLoss', 'AzImpairment', 'DatabaseFailover']);
    expect(plan.report.experiments[2]).toEqual(expect.objectContaining({ actions: ['aws:rds:failover-db-cluster'], databaseFailoverSeconds: 30 }));
  });
});

describe('the experiments follow the service', () => {
  test('another AZ: its name in every action, and no database failover (the writer is elsewhere)', () => {
    const e = experimentsOf({ faultInjectionAvailabilityZone: 'eu-west-1b', faultInjectionDurationSeconds: 300 }).AzImpairment;
    expect(actionIds(e)).not.toContain('aws:rds:failover-db-cluster');
    expect(e.actions.find((a) => a.name === 'FailLaunches')!.parameters).toEqual({ availabilityZoneIdentifiers: 'eu-west-1b', percentage: '100', duration: 'PT5M' });
    expect(e.description).toContain('AZ 2 off for 5 minutes');
  });

  test('an impairment shorter than a replacement predicts no zonal alarm', () => {
    expect(experimentsOf({ faultInjectionDurationSeconds: 60 }).AzImpairment.prediction.alarmsExpected).toEqual([]);
  });

  test('a Multi-AZ DB instance is rebooted with a failover to its standby', () => {
    const e = experimentsOf({ databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE }).DatabaseFailover;
    expect(e.actions).toEqual([expect.objectContaining({ actionId: 'aws:rds:reboot-db-instances', target: 'databaseInstance', parameters: { forceFailover: 'true' } })]);
    expect(e.prediction.databaseFailoverSeconds).toBe(120);
  });

  test('an Aurora writer without readers has nothing to fail over to: no failover experiment, and the AZ experiment says writes stop', () => {
    const experiments = experimentsOf({ databaseReaders: 0 });
    expect(experiments.DatabaseFailover).toBeUndefined();
    expect(actionIds(experiments.AzImpairment)).not.toContain('aws:rds:failover-db-cluster');
    expect(experiments.AzImpairment.prediction.summary).toContain('no reader to fail over to');
  });

  test('a stateless service has no database experiment; without zonal shift there is no shift', () => {
    const experiments = experimentsOf({ database: false, zonalShift: false });
    expect(Object.keys(experiments)).toEqual(['InstanceLoss', 'AzImpairment']);
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
        expect(action).toMatch(/:(Describe|Get|List)[A-Za-z]*$|^logs:(CreateLogDelivery|PutResourcePolicy)$|^arc-zonal-shift:(Update|Cancel)ZonalShift$|^ec2:ReplaceNetworkAclAssociation$/);
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
