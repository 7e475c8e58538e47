import { ServiceValidationError } from '../../../src/core/base/validation';
import { CapacityPlan } from '../../../src/core/capacity/demand';
import { DatabaseEngine, ImpairedZoneHealthCheck, LoadBalancingAlgorithm, PredictiveScalingMode, ServiceOptions } from '../../../src/core/options/options';
import { allocateSubnets } from '../../../src/core/tiers/network';
import { PLAIN_ENV, plainPlan, plainProblems } from '../plain';

// The planners on plain data: no App, no synthesis.
const ENV = PLAIN_ENV;
const plan = plainPlan;
const problemsOf = plainProblems;

describe('defaults', () => {
  const p = plan();

  test('network: a new VPC over the first 3 AZs, one NAT gateway each', () => {
    expect(p.network).toEqual(expect.objectContaining({
      createVpc: true, maxAzs: 3, availabilityZones: ENV.regionAvailabilityZones, natGateways: 3, environmentAgnostic: false,
    }));
  });

  test('load balancing: plain HTTP on 80, the deep health check, round robin, deletion protection', () => {
    const lb = p.loadBalancing;
    expect(lb.https).toBe(false);
    expect(lb.listeners).toEqual([{ id: 'Http', port: 80, protocol: 'HTTP', action: 'forward' }]);
    expect(lb.healthCheck).toEqual({ path: '/health', intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2 });
    expect(lb).toEqual(expect.objectContaining({
      appPort: 8080,
      deregistrationDelaySeconds: 30,
      algorithm: LoadBalancingAlgorithm.ROUND_ROBIN,
      deletionProtection: true,
      allowedCidrs: ['0.0.0.0/0'],
      openToInternet: true,
      createAccessLogsBucket: true,
    }));
  });

  test('fleet: one per AZ to twice that, three types, the launch hook and a 100-200 % rollout', () => {
    const f = p.fleet;
    expect(f).toEqual(expect.objectContaining({
      minCapacity: 3,
      maxCapacity: 6,
      instanceTypes: ['c7i.large', 'c6i.large', 'c6a.large'],
      mixedInstances: true,
      healthCheckGracePeriodSeconds: 300,
      cpuTargetUtilizationPercent: 50,
      cooldownSeconds: 60,
      scheduledCapacity: [],
    }));
    expect(f.targetRequestsPerMinute).toBeUndefined();
    expect(f.architecture).toBe('x86_64');
    expect(plan({ instanceTypes: [{ name: 'c7g.large', architecture: 'arm64' }] }).fleet.architecture).toBe('arm64');
    // Batches of one AZ's share (134 % may run), a pause after each while the alarms watch, the last at 100, then the bake.
    expect(f.rollout).toEqual({
      minHealthyPercent: 100,
      maxHealthyPercent: 134,
      warmupSeconds: 300,
      checkpointPercentages: [33, 66, 100],
      checkpointDelaySeconds: 600,
      bakeSeconds: 600,
    });
    expect(f.maintenance).toEqual({ minHealthyPercent: 100, maxHealthyPercent: 200 });
    expect(plan({ maxAzs: 2 }).fleet.rollout).toEqual(expect.objectContaining({ maxHealthyPercent: 150, checkpointPercentages: [50, 100] }));
    expect(f.launchHook).toEqual({
      name: 'app-healthy', healthWaitSeconds: 420, heartbeatTimeoutSeconds: 480, defaultResult: 'ABANDON', healthUrl: 'http://127.0.0.1:8080/health', everyBoot: false,
    });
  });

  test('database: Aurora PostgreSQL, writer in AZ 1 and a reader in AZ 2, on a non-default port and user', () => {
    expect(p.database).toEqual(expect.objectContaining({
      engine: DatabaseEngine.AURORA_POSTGRESQL,
      aurora: true,
      readers: 1,
      writerAz: 0,
      readerAzs: [1],
      instanceClass: 'r7g.large',
      port: 5433,
      masterUsername: 'service_admin',
      backupRetentionDays: 7,
      name: 'app',
      engineVersion: { requested: '17', major: '17' },
      monitoringIntervalSeconds: 60,
      ownStorageKey: false,
    }));
  });

  test('monitoring: 24 named alarms (the web ACL\'s and the AZs\' outlier alarms among them), a composite per AZ, the composite over the 4 critical ones, which also stop a rollout', () => {
    const m = p.monitoring;
    expect(m.alarms).toHaveLength(24);
    expect(m.composites.map((c) => [c.name, c.alarmIds])).toEqual([1, 2, 3].map((n) =>
      [`${p.namePrefix}-ImpairedAz${n}`, [`OutlierFaultsAz${n}`, `OutlierLatencyAz${n}`]]));
    expect(m.alarms.every((a) => a.name === `${p.namePrefix}-${a.id}`)).toBe(true);
    expect(m.rolloutAlarmIds).toEqual(['HealthyHostsBelowNeed', 'LoadBalancer5xxRate', 'Target5xxRate', 'P99ResponseTime']);
    expect(m.serviceHealth).toEqual(expect.objectContaining({ name: `${p.namePrefix}-ServiceHealth`, alarmIds: m.rolloutAlarmIds }));
    expect(m.healthyHostsNeeded).toBe(2);
    expect(m.dashboard?.name).toBe(`${p.namePrefix}-eu-west-1`);
    expect(m.dashboard?.rows.flat().map((g) => g.title)).toEqual([
      'Traffic (requests per minute)', 'Errors (% of requests)', 'Latency (s)', 'Healthy hosts per AZ',
      'Fleet size against plan', 'Healthy and unhealthy hosts', 'Database CPU (%) and connections', 'Database memory and replication',
      'Web ACL (requests per minute)', 'Requests per AZ (a minute)', 'Target 5xx % per AZ', 'p99 response time per AZ (s)',
    ]);
    const fleet = m.dashboard!.rows.flat().find((g) => g.title === 'Fleet size against plan')!;
    expect(fleet.leftAnnotations!.map((a) => a.value)).toEqual([3, 6, 2]);
  });

  test('report and warnings: the figures, and only noHttps', () => {
    expect(p.report).toEqual(expect.objectContaining({
      availabilityZones: 3,
      minCapacity: 3,
      instancesAfterAzLoss: 2,
      detectionSeconds: 20,
      replacementSeconds: 160,
      longestReplacementSeconds: 440,
      databaseFailoverSeconds: 30,
      alarmCount: 28,
    }));
    expect(p.warnings.map((w) => w.id)).toEqual(['cdk-highly-available-service:noHttps']);
  });
});

describe('decisions', () => {
  test('HTTPS with a certificate: 443 forwards, 80 redirects; with a domain and zone the service requests one', () => {
    const withCertificate = plan({ certificate: true }).loadBalancing;
    expect(withCertificate.listeners.map((l) => `${l.id}:${l.port}:${l.action}`)).toEqual(['Https:443:forward', 'HttpRedirect:80:redirect-to-https']);
    expect(withCertificate).toEqual(expect.objectContaining({
      https: true, requestCertificate: false, aliasRecord: false, listenerPorts: [80, 443],
    }));
    const withDomain = plan({ domainName: 'api.example.com', hostedZone: true, hostedZoneName: 'example.com' }).loadBalancing;
    expect(withDomain).toEqual(expect.objectContaining({ https: true, requestCertificate: true, aliasRecord: true }));
  });

  test('a demand plan sizes the fleet, tracks requests per instance and plans each scheduled peak', () => {
    const p = plan({
      capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }),
      scheduledDemand: [{ peakRequestsPerSecond: 3000 }, { peakRequestsPerSecond: 100 }],
      predictiveScaling: PredictiveScalingMode.FORECAST_ONLY,
    });
    expect(p.fleet).toEqual(expect.objectContaining({
      minCapacity: 27, maxCapacity: 54, targetRequestsPerMinute: 4200, instancesNeededAtPeak: 18,
    }));
    // 3000 rps: 22 per AZ; the night's 100 rps: 1 per AZ, but the maximum stays the service's.
    expect(p.fleet.scheduledCapacity).toEqual([{ minCapacity: 66, maxCapacity: 132 }, { minCapacity: 3, maxCapacity: 54 }]);
    expect(p.fleet.predictiveScaling).toEqual({
      mode: 'ForecastOnly', metric: 'ALBRequestCount', targetValue: 4200, schedulingBufferSeconds: 300,
    });
    expect(p.monitoring.healthyHostsNeeded).toBe(18);
  });

  test('an existing VPC: its AZs, its NAT count, no VPC created', () => {
    const p = plan({ database: false }, {
      vpc: { availabilityZones: ['eu-west-1a', 'eu-west-1b'], publicSubnets: true, privateSubnets: true, isolatedSubnets: false, natGateways: 1 },
    });
    expect(p.network).toEqual(expect.objectContaining({ createVpc: false, availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 }));
    expect(p.warnings.map((w) => w.id)).toEqual(expect.arrayContaining([
      'cdk-highly-available-service:resilience:twoAzs', 'cdk-highly-available-service:resilience:sharedNatGateway',
    ]));
  });

  test('Aurora readers round the other AZs; a Multi-AZ instance has its own key and no readers', () => {
    expect(plan({ databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseReaders: 3 }).database).toEqual(expect.objectContaining({
      readerAzs: [1, 2, 0], port: 3307, backtrackWindowHours: 24, logExports: ['audit', 'error', 'general', 'slowquery'],
    }));
    expect(plan({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE }).database).toEqual(expect.objectContaining({
      readers: 0, readerAzs: [], ownStorageKey: true, instanceClass: 'm7g.large', port: 5433,
    }));
    expect(plan({ database: false }).database).toBeUndefined();
  });

  test('alarm overrides change thresholds and drop alarms; alarms: false leaves no alarm, composite or rollout watch', () => {
    const p = plan({ database: false, alarmOverrides: { P99ResponseTime: { enabled: false }, Target5xxRate: { threshold: 5 } } });
    expect(p.monitoring.alarms.map((a) => a.id)).not.toContain('P99ResponseTime');
    expect(p.monitoring.alarms.find((a) => a.id === 'Target5xxRate')?.threshold).toBe(5);
    expect(p.monitoring.rolloutAlarmIds).toEqual(['HealthyHostsBelowNeed', 'LoadBalancer5xxRate', 'Target5xxRate']);
    const none = plan({ alarms: false }).monitoring;
    expect(none).toEqual(expect.objectContaining({ alarms: [], serviceHealth: undefined, rolloutAlarmIds: [] }));
    expect(none.dashboard?.alarmStatus).toBe(false);
  });
});

describe('the default machine image', () => {
  test('pinned where the renderer can pin it: no warning', () => {
    expect(plan().fleet.imagePinned).toBe(true);
    expect(plan().warnings.map((w) => w.id)).not.toContain('cdk-highly-available-service:machineImageFollowsParameter');
  });

  test('followed at every deployment where it cannot (an environment-agnostic stack): a warning, unless the user gave an image', () => {
    const why = 'the stack is environment-agnostic: the image cannot be looked up at synth';
    const p = plainPlan({}, { imagePinUnavailable: why });
    expect(p.fleet.imagePinned).toBe(false);
    expect(p.warnings).toEqual(expect.arrayContaining([expect.objectContaining({
      id: 'cdk-highly-available-service:machineImageFollowsParameter', message: expect.stringContaining(why),
    })]));
    expect(plainPlan({ ownMachineImage: true }, { imagePinUnavailable: why }).warnings.map((w) => w.id)).not.toContain('cdk-highly-available-service:machineImageFollowsParameter');
  });
});

describe('healthy-host alarms read the best-placed load balancer node', () => {
  test('Maximum, so one cut-off node that reaches no target does not page for an AZ the fleet was sized to lose', () => {
    const alarms = plan().monitoring.alarms.filter((a) => a.id.startsWith('HealthyHosts'));
    expect(alarms.map((a) => [a.id, Object.values(a.metrics).map((m) => m.statistic)])).toEqual([
      ['HealthyHostsBelowNeed', ['Maximum']], ['HealthyHostsAz1', ['Maximum']], ['HealthyHostsAz2', ['Maximum']], ['HealthyHostsAz3', ['Maximum']],
    ]);
  });
});

describe('zonal shift', () => {
  test('on by default: impaired-zone instances left alone; no DNS-failover threshold, which cross-zone load balancing defeats', () => {
    expect(plan().zonalShift).toEqual({ enabled: true, fleet: true, impairedZoneHealthCheck: 'IgnoreUnhealthy', autoshift: undefined });
  });

  test('off, it takes no impaired-zone setting', () => {
    expect(plan({ zonalShift: false }).zonalShift.enabled).toBe(false);
    expect(problemsOf({ zonalShift: false, impairedZoneHealthCheck: ImpairedZoneHealthCheck.REPLACE_UNHEALTHY }))
      .toEqual(['impairedZoneHealthCheck applies to zonal shifts; received impairedZoneHealthCheck ReplaceUnhealthy with zonalShift: false']);
  });
});

describe('zonal autoshift', () => {
  test('opt-in, judged by the service-health alarm, with its blocked windows and dates', () => {
    expect(plan().zonalShift.autoshift).toBeUndefined();
    expect(plan({ zonalAutoshift: { blockedWindows: ['Mon:18:30-Mon:19:30'], blockedDates: ['2026-12-24'] } }).zonalShift.autoshift)
      .toEqual({ blockedWindows: ['Mon:18:30-Mon:19:30'], blockedDates: ['2026-12-24'], outcomeAlarmId: 'ServiceHealth', blockingAlarmId: 'ServiceHealth', resources: ['loadBalancer', 'fleet'] });
  });

  test('windows and dates are checked at synth', () => {
    expect(problemsOf({ zonalAutoshift: { blockedWindows: ['MON:18:30-MON:19:30', 'Mon:18:30-Tue:19:30', 'Mon:19:30-Mon:18:30', 'Mon:24:00-Mon:24:30'], blockedDates: ['2026-02-30', '24/12/2026'] } }))
      .toEqual([
        'zonalAutoshift.blockedWindows[0] must be a window within one day in UTC such as Mon:18:30-Mon:19:30 (days Mon to Sun, title case), received "MON:18:30-MON:19:30"',
        'zonalAutoshift.blockedWindows[1] must be a window within one day in UTC such as Mon:18:30-Mon:19:30 (days Mon to Sun, title case), received "Mon:18:30-Tue:19:30"',
        'zonalAutoshift.blockedWindows[2] must be a window within one day in UTC such as Mon:18:30-Mon:19:30 (days Mon to Sun, title case), received "Mon:19:30-Mon:18:30"',
        'zonalAutoshift.blockedWindows[3] must be a window within one day in UTC such as Mon:18:30-Mon:19:30 (days Mon to Sun, title case), received "Mon:24:00-Mon:24:30"',
        'zonalAutoshift.blockedDates[0] must be a date such as 2026-12-24 (YYYY-MM-DD), received "2026-02-30"',
        'zonalAutoshift.blockedDates[1] must be a date such as 2026-12-24 (YYYY-MM-DD), received "24/12/2026"',
      ]);
  });

  test('it needs zonal shift and the health alarm', () => {
    expect(problemsOf({ zonalAutoshift: {}, zonalShift: false, alarms: false })).toEqual([
      'zonalAutoshift needs zonal shift; received it with zonalShift: false',
      'zonalAutoshift needs the service-health alarm to judge its practice runs; received it with alarms: false (or with every critical alarm turned off)',
    ]);
  });

  test('a warning with a stable id when the fleet cannot carry its peak without an AZ', () => {
    const capacity = CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100, surviveAzLoss: false });
    expect(plan({ capacity, zonalAutoshift: {} }).warnings.map((w) => w.id)).toContain('cdk-highly-available-service:autoshiftWithoutStaticStability');
    expect(plan({ capacity }).warnings.map((w) => w.id)).not.toContain('cdk-highly-available-service:autoshiftWithoutStaticStability');
  });
});

describe('validation collects, then throws once', () => {
  test('three mistakes in three tiers are named in one error, with the construct path', () => {
    let error: ServiceValidationError | undefined;
    try {
      plan({ appPort: 0, minCapacity: 2, databaseReaders: 16 });
    } catch (e) {
      error = e as ServiceValidationError;
    }
    expect(error).toBeInstanceOf(ServiceValidationError);
    expect(error!.problems).toEqual([
      'appPort must be between 1 and 65535, received 0',
      'minCapacity must be at least one instance per Availability Zone (3), received 2',
      'databaseReaders must be between 0 and 15 readers, received 16 readers',
    ]);
    expect(error!.message).toMatch(/^Shop\/Api: 3 problems:\n {2}- appPort must be between 1 and 65535, received 0\n/);
  });

  test('one mistake reads as one sentence after the path', () => {
    expect(() => plan({ healthyThresholdCount: 1 })).toThrow(/^Shop\/Api: healthyThresholdCount must be between 2 and 10, received 1$/);
  });

  test('checks that depend on the VPC: its AZs and the subnet kinds each tier needs', () => {
    expect(problemsOf({}, { vpc: { availabilityZones: ['eu-west-1a'], publicSubnets: false, privateSubnets: true, isolatedSubnets: false } })).toEqual([
      'vpc must span at least 2 Availability Zones to survive the loss of one, received a VPC with 1',
      'vpc must have public subnets (for an internet-facing load balancer), received a VPC with none: give it a PUBLIC subnet group; or set internetFacing: false',
      'vpc must have isolated subnets (for the database), received a VPC with none: give it a PRIVATE_ISOLATED subnet group; or set database: false',
    ]);
    // The cache lives in the isolated subnets too; a service with neither needs none.
    const vpc = (publicSubnets: boolean, privateSubnets: boolean, isolatedSubnets: boolean) => ({
      vpc: { availabilityZones: ENV.regionAvailabilityZones, publicSubnets, privateSubnets, isolatedSubnets },
    });
    expect(problemsOf({ database: false, cache: true, internetFacing: false }, vpc(false, true, false)))
      .toEqual(['vpc must have isolated subnets (for the cache), received a VPC with none: give it a PRIVATE_ISOLATED subnet group; or set cache: false']);
    expect(problemsOf({ cacheNodes: 2 }, vpc(true, false, false))).toEqual([
      'vpc must have private subnets with egress (for the fleet), received a VPC with none: give it a PRIVATE_WITH_EGRESS subnet group',
      'vpc must have isolated subnets (for the database and the cache), received a VPC with none: give it a PRIVATE_ISOLATED subnet group; or set database: false and cache: false',
    ]);
  });

  test('cross-prop checks', () => {
    expect(problemsOf({ capacity: CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 6 }), minCapacity: 3 }))
      .toEqual(['capacity replaces minCapacity and maxCapacity; received capacity together with minCapacity 3']);
    expect(problemsOf({ capacity: CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 6 }), minCapacity: 3, maxCapacity: 9 }))
      .toEqual(['capacity replaces minCapacity and maxCapacity; received capacity together with minCapacity 3 and maxCapacity 9']);
    expect(problemsOf({ scheduledDemand: [{ peakRequestsPerSecond: 10 }] }))
      .toEqual([expect.stringMatching(/^scheduledDemand needs capacity from CapacityPlan.fromDemand/)]);
    expect(problemsOf({ database: false, databaseReaders: 1 })).toEqual(['databaseEngine and databaseReaders need a database; received them with database: false']);
    expect(problemsOf({ alarms: false, alarmOverrides: {} })).toEqual(['alarmOverrides needs the alarm set; received it with alarms: false']);
    expect(problemsOf({ healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 10 }))
      .toEqual(['healthCheckTimeout must be below healthCheckInterval (10 seconds), received 10 seconds']);
    expect(problemsOf({ userData: { shellScript: false, firstLine: '#cloud-config' } }))
      .toEqual([expect.stringMatching(/^userData must be a shell script/)]);
    expect(problemsOf({ userData: { shellScript: false, firstLine: '#cloud-config' }, signalOnHealthy: false })).toEqual([]);
  });

  test('a large fleet is planned, with a warning to check the account\'s EC2 quotas: Auto Scaling has no size limit of its own', () => {
    // 50,000 requests a second at 250 per instance, with a scheduled peak of 60,000: 516 to 1,032 instances.
    const large = plan({
      capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 50_000, requestsPerSecondPerInstance: 250 }),
      scheduledDemand: [{ peakRequestsPerSecond: 60_000, schedule: '0 8 * * 1-5' }],
    });
    expect(large.fleet.scheduledCapacity).toEqual([{ minCapacity: 516, maxCapacity: 1032 }]);
    expect(large.warnings.filter((w) => w.id === 'cdk-highly-available-service:largeFleet')).toEqual([{
      id: 'cdk-highly-available-service:largeFleet',
      message: expect.stringMatching(/^The fleet may grow to 1032 c7i.large \/ c6i.large \/ c6a.large instances\. .*Service Quotas/),
    }]);
    expect(plan({ minCapacity: 250 }).warnings.map((w) => w.id)).not.toContain('cdk-highly-available-service:largeFleet');
    // What does bound it: the addresses of the private subnets the service creates (a /20 each).
    expect(problemsOf({ minCapacity: 4000, maxCapacity: 8182 })).toEqual([]);
    expect(problemsOf({ minCapacity: 4000, maxCapacity: 8183 }))
      .toEqual(["maxCapacity 8183 needs up to 8183 instances, 4092 in one AZ after losing another, more than the 4091 addresses of a private subnet (/20) of the service's VPC: lower the peak or raise the per-instance rate"]);
    // In the user's VPC the subnets' size is not known here.
    const given = { availabilityZones: ENV.regionAvailabilityZones, publicSubnets: true, privateSubnets: true, isolatedSubnets: true };
    expect(problemsOf({ maxCapacity: 9000 }, { vpc: given })).toEqual([]);
  });

  test('at most 125 scheduled peaks: an Auto Scaling group takes no more scheduled actions', () => {
    const capacity = CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100 });
    const peaks = (n: number) => Array.from({ length: n }, (_, i) => ({ peakRequestsPerSecond: 1000 + i, schedule: `${i % 60} ${Math.floor(i / 60)} * * *` }));
    expect(problemsOf({ capacity, scheduledDemand: peaks(125) })).toEqual([]);
    expect(problemsOf({ capacity, scheduledDemand: peaks(126) }))
      .toEqual(['scheduledDemand must list at most 125 peaks (an Auto Scaling group takes at most 125 scheduled actions), received 126']);
  });

  test('an alarm threshold its metric always breaches, or never can, is rejected: every metric is zero or more', () => {
    const overridden = (t5xx: number, unhealthy: number, below: number) => problemsOf({
      database: false,
      alarmOverrides: { Target5xxRate: { threshold: t5xx }, UnhealthyHosts: { threshold: unhealthy }, HealthyHostsBelowNeed: { threshold: below } },
    });
    expect(overridden(-1, 0, 0)).toEqual([
      'alarmOverrides.UnhealthyHosts.threshold must be above 0 (the alarm fires at or above it, and its metric is never negative, so it would always fire), received 0',
      'alarmOverrides.HealthyHostsBelowNeed.threshold must be above 0 (the alarm fires below it, and its metric is never negative, so it could never fire), received 0',
      'alarmOverrides.Target5xxRate.threshold must be 0 or more (the alarm fires above it, and its metric is never negative, so it would always fire), received -1',
    ]);
    // The edges that still mean something: any 5xx at all; one unhealthy host; fewer than one healthy.
    expect(overridden(0, 1, 1)).toEqual([]);
  });

  test('values the renderer marks unresolved are not checked', () => {
    const token = -1234.5;
    expect(problemsOf({ appPort: token, healthyThresholdCount: token }, { isUnresolved: (x) => x === token })).toEqual([]);
  });
});

describe('Aurora reader auto scaling', () => {
  test('opt-in with databaseMaxReaders: from the planned readers (never removed) to the maximum, on reader CPU', () => {
    expect(plan().database?.readerScaling).toBeUndefined();
    const p = plan({ databaseReaders: 2, databaseMaxReaders: 5 });
    expect(p.database?.readerScaling)
      .toEqual({ minReaders: 2, maxReaders: 5, targetCpuPercent: 60, scaleInCooldownSeconds: 900, scaleOutCooldownSeconds: 300 });
    expect(p.report.databaseTopology)
      .toContain('reader auto scaling 2-5 on 60 % CPU (the 2 planned reader(s) are never removed, so one in another AZ can always be promoted)');
    expect(plan({ databaseMaxReaders: 3, databaseReaderCpuTarget: 45 }).database?.readerScaling?.targetCpuPercent).toBe(45);
  });

  test.each([
    [{ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, databaseMaxReaders: 2 }, /databaseMaxReaders applies to Aurora engines only/],
    [{ databaseReaders: 0, databaseMaxReaders: 2 }, /reader auto scaling needs at least one reader that always exists \(databaseReaders >= 1\).*received databaseReaders 0/],
    [{ databaseReaders: 3, databaseMaxReaders: 2 }, /databaseReaders \(3\) must not be greater than databaseMaxReaders \(2\)/],
    [{ databaseMaxReaders: 16 }, /databaseMaxReaders must be between 1 and 15 readers, received 16 readers/],
    [{ databaseMaxReaders: 2.5 }, /databaseMaxReaders must be a whole number between 1 and 15/],
    [{ databaseMaxReaders: 3, databaseReaderCpuTarget: 95 }, /databaseReaderCpuTarget must be between 10 and 90 percent, received 95 percent/],
    [{ databaseReaderCpuTarget: 50 }, /databaseReaderCpuTarget needs reader auto scaling \(databaseMaxReaders\)/],
  ] as Array<[ServiceOptions, RegExp]>)('%j fails', (options, message) => {
    const problems = problemsOf(options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

describe('subnet allocation', () => {
  test('tier by tier, AZ by AZ, each block aligned to its size', () => {
    expect(allocateSubnets('10.0.0.0/16', { public: 24, private: 20, isolated: 24 }, 2).map((s) => `${s.tier}${s.azIndex}:${s.cidr}`)).toEqual([
      'public0:10.0.0.0/24', 'public1:10.0.1.0/24', 'private0:10.0.16.0/20', 'private1:10.0.32.0/20', 'isolated0:10.0.48.0/24', 'isolated1:10.0.49.0/24',
    ]);
    expect(plan().network.subnets).toHaveLength(9);
  });

  test('a range too small is an error, not an overlap', () => {
    expect(() => allocateSubnets('10.0.0.0/22', { public: 24, private: 24, isolated: 24 }, 2)).toThrow(/10.0.0.0\/22 has no room for 2 isolated subnets of \/24/);
  });
});
