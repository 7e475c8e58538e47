import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RDS_INSTANCE_CLASSES, CACHE_NODE_TYPES, DATABASE_CLASSES_SOURCE } from '../../../src/core/aws/database-classes';
import { DatabaseEngine, ServiceOptions } from '../../../src/core/options/options';
import { MultiRegionOptions, planMultiRegion } from '../../../src/core/region/plan';
import { toOptions as cfnOptions } from '../../../src/service/highly-available-service';
import { toOptions as tfOptions } from '../../../src/tf/highly-available-service';
import { PLAIN_ENV, plainPlan, plainProblems, problemsOf } from '../plain';

/*
 * The audit of careless and hostile values (issue 27): each row a value that used to escape the
 * core's validation, dying in aws-cdk-lib, in a planner with a TypeError, or synthesizing a
 * template AWS rejects at deploy. Each is now reported as ours, on plain data, naming the prop,
 * the value and what is allowed. Planned without an App: no synthesis in this file.
 */
const ESCAPES: Array<[string, ServiceOptions, RegExp]> = [
  // Enums from JavaScript or tsx: the value went into the template unchecked, or a planner failed reading it.
  ['a wrong-case algorithm', { loadBalancingAlgorithm: 'ROUND_ROBIN' as any },
    /^loadBalancingAlgorithm must be one of LoadBalancingAlgorithm.ROUND_ROBIN \('round_robin'\), .*received "ROUND_ROBIN" \(did you mean LoadBalancingAlgorithm.ROUND_ROBIN\?\)$/],
  ['an empty algorithm', { loadBalancingAlgorithm: '' as any }, /^loadBalancingAlgorithm must be one of .*received ""$/],
  ['a predictive scaling mode in lower case', { predictiveScaling: 'forecastonly' as any }, /^predictiveScaling must be one of PredictiveScalingMode.FORECAST_ONLY .*\(did you mean PredictiveScalingMode.FORECAST_ONLY\?\)$/],
  ['a distribution strategy that is not one', { capacityDistributionStrategy: 'banana' as any }, /^capacityDistributionStrategy must be one of CapacityDistributionStrategy.BALANCED_ONLY \('balanced-only'\), .*received "banana"$/],
  ['an impaired-zone choice in lower case', { impairedZoneHealthCheck: 'ignoreunhealthy' as any }, /^impairedZoneHealthCheck must be one of .*\(did you mean ImpairedZoneHealthCheck.IGNORE_UNHEALTHY\?\)$/],
  ['an engine by its member name (a TypeError before)', { databaseEngine: 'AURORA_POSTGRESQL' as any }, /^databaseEngine must be one of DatabaseEngine.AURORA_POSTGRESQL \('aurora-postgresql'\), .*\(did you mean DatabaseEngine.AURORA_POSTGRESQL\?\)$/],
  // Objects that must come from the library's classes (TypeErrors before).
  ['a capacity plan that is a plain object', { capacity: {} as any }, /^capacity must be made by CapacityPlan.fromDemand\(...\) or CapacityPlan.fixed\(...\), received \{\}$/],
  ['reservations that are a plain object', { capacityReservations: {} as any }, /^capacityReservations must be made by CapacityReservations.open\(reservedInstancesPerAz\) or .*received \{\}$/],
  ['a global database membership made up', { globalDatabase: 'x' as any }, /^globalDatabase is set by MultiRegionService .*received "x"$/],
  // A count far out of range built an array of that length (RangeError) before it was reported.
  ['a trillion readers', { databaseReaders: 1e12 }, /^databaseReaders must be between 0 and 15 readers, received 1000000000000 readers$/],
  // aws-cdk-lib: "A subscription with id ... already exists"; Terraform: the same subscription twice.
  ['an alarm address twice', { alarmEmails: ['oncall@example.com', 'oncall@example.com'] }, /^alarmEmails must list each address once, received 'oncall@example.com' twice$/],
  ['an alarm address no mail server takes', { alarmEmails: [`${'a'.repeat(65)}@example.com`] },
    /^alarmEmails must hold deliverable addresses \(at most 64 characters before the @ and 254 in all, RFC 5321\), received one of 77 characters with 65 before the @$/],
  // User data beyond EC2's 16 KB: the launch template fails at deploy.
  ['17,000 bytes of user data', { userData: { shellScript: true, firstLine: '#!/bin/bash', bytes: 17000 } },
    /^userData must hold at most 16384 bytes \(EC2's 16 KB of user data\) with the \d+ or more the service adds \(its settings file and launch health gate\), received 17000 bytes/],
  // ElastiCache and RDS classes were checked by pattern only, or not at all.
  ['a misspelled cache node type', { cacheNodeType: 'cache.m7g.larg' }, /^cacheNodeType 'cache.m7g.larg' is not an ElastiCache node type \(did you mean cache.m7g.large\?\): cache.m7g comes in large, xlarge/],
  ['a cache node family that does not exist', { cacheNodeType: 'cache.banana.large' }, /^cacheNodeType 'cache.banana.large' is not an ElastiCache node type .*: a name is <family>.<size>, e.g. cache.m7g.large \(cfn-lint 1.51.0's lists/],
  ['a misspelled DB class', { databaseInstanceType: 'r7g.larg' }, /^databaseInstanceType 'r7g.larg' is not a DB instance class RDS offers for aurora-postgresql \(did you mean r7g.large\?\): r7g comes in large/],
  ['a DB class with its db. prefix (db.db.r7g.large in the template)', { databaseInstanceType: 'db.r7g.large' }, /^databaseInstanceType takes the class without the 'db.' prefix: give 'r7g.large', received 'db.r7g.large'$/],
  ['an empty DB class', { databaseInstanceType: '' }, /^databaseInstanceType '' is not a DB instance class RDS offers for aurora-postgresql: a name is <family>.<size>, e.g. r7g.large/],
  ['a DB class in upper case', { databaseInstanceType: 'R7G.LARGE' }, /\(did you mean r7g.large\?\)/],
  ['a class RDS offers, but not for Aurora', { databaseInstanceType: 'm7g.large' }, /^databaseInstanceType 'm7g.large' is not a DB instance class RDS offers for aurora-postgresql .*; it is offered for postgres, mysql$/],
  ['Aurora Serverless v2, which needs a scaling configuration the service does not set', { databaseInstanceType: 'serverless' },
    /^databaseInstanceType 'serverless' \(Aurora Serverless v2\) is not supported/],
];

describe('each value that escaped the validation is reported as ours, with the prop', () => {
  test.each(ESCAPES)('%s', (_name, options, message) => {
    const problems = plainProblems(options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('all of them in one error, none hiding another', () => {
    const together = Object.assign({}, ...ESCAPES.filter(([name]) => !/empty algorithm|upper case|plain object|member name|made up/.test(name)).map(([, o]) => o));
    const problems = plainProblems({ ...together, loadBalancingAlgorithm: 'banana' as any, capacity: {} as any });
    expect(problems.length).toBeGreaterThanOrEqual(8);
    for (const prop of ['loadBalancingAlgorithm', 'capacity ', 'alarmEmails', 'userData', 'cacheNodeType', 'databaseInstanceType']) {
      expect(problems.some((p) => p.startsWith(prop))).toBe(true);
    }
  });

  test('the user data is measured with the lines the service adds: what fits alone may not fit with them', () => {
    const limit = 16384;
    const [problem] = plainProblems({ userData: { shellScript: true, firstLine: '#!/bin/bash', bytes: limit } });
    const added = Number(/with the (\d+) or more/.exec(problem)![1]);
    expect(added).toBeGreaterThan(200);
    expect(plainProblems({ userData: { shellScript: true, firstLine: '#!/bin/bash', bytes: limit - added } })).toEqual([]);
    expect(plainProblems({ userData: { shellScript: true, firstLine: '#!/bin/bash', bytes: limit - added + 1 } })).toHaveLength(1);
  });

  test('a created VPC over fewer than two AZs (a Terraform availabilityZones list of one) fails, not the load balancer at deploy', () => {
    expect(plainProblems({}, { regionAvailabilityZones: ['eu-west-1a'] }))
      .toEqual(["the stack's availabilityZones must hold at least 2 AZs for the VPC the service creates, received 1 (eu-west-1a)"]);
    expect(plainProblems({ propNames: { ...TF_NAMES } }, { regionAvailabilityZones: [] }))
      .toContain('availabilityZones must hold at least 2 AZs for the VPC the service creates, received 0');
  });
});

const TF_NAMES = { certificate: 'certificateArn', hostedZone: 'hostedZoneId', alarmTopic: 'alarmTopicArn', vpc: 'vpcId', shellScript: 'text starting with #!', availabilityZones: 'availabilityZones' };

describe('what can deploy is still accepted', () => {
  test.each<[string, ServiceOptions]>([
    ['an old but offered cache node type', { cacheNodeType: 'cache.t2.micro' }],
    ['a burstable Aurora class', { databaseInstanceType: 't4g.medium' }],
    ['a Multi-AZ DB instance class', { databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, databaseInstanceType: 'm5.large' }],
    ['an Aurora MySQL memory class', { databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseInstanceType: 'x2g.large' }],
    ['14 KB of user data', { userData: { shellScript: true, firstLine: '#!/bin/bash', bytes: 14 * 1024 } }],
    ['two addresses that differ', { alarmEmails: ['a@example.com', 'b@example.com'] }],
    ['a 64-character local part', { alarmEmails: [`${'a'.repeat(64)}@example.com`] }],
    ['overlapping blocks', { allowedCidrs: ['0.0.0.0/0', '10.0.0.0/8'] }],
    ['a 64-character MySQL database name (PostgreSQL takes 63)', { databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseName: `a${'b'.repeat(63)}` }],
  ])('%s', (_name, options) => {
    expect(plainProblems(options)).toEqual([]);
  });

  test('a database name is as long as its engine takes: 64 characters for MySQL (accepted above), 63 for PostgreSQL', () => {
    expect(plainProblems({ databaseName: `a${'b'.repeat(63)}` })).toEqual([expect.stringMatching(/^databaseName must start with a letter .*\(1-63 characters\), received 'ab+'$/)]);
  });

  test('70 blocks on two listener ports deploy only with a raised quota: a warning, not a rejection', () => {
    const blocks = Array.from({ length: 70 }, (_, i) => `10.${i}.0.0/16`);
    const plan = plainPlan({ allowedCidrs: blocks });
    const warning = plan.warnings.find((w) => w.id === 'cdk-highly-available-service:securityGroupRulesQuota');
    expect(warning?.message).toMatch(/^The loadBalancer security group gets \d+ inbound rules \(70 allowedCidrs on \d+ listener ports\): a security group takes 60 until/);
    expect(plainPlan({ allowedCidrs: blocks.slice(0, 20) }).warnings.map((w) => w.id)).not.toContain('cdk-highly-available-service:securityGroupRulesQuota');
  });

  test('a block with host bits, or one given twice, is planned as EC2 stores it, once (the provider rejects host bits, EC2 a repeated rule)', () => {
    const plan = plainPlan({ allowedCidrs: ['10.0.0.1/24', '10.0.0.0/24', '192.168.7.9/16', '0.0.0.0/0'] });
    expect(plan.loadBalancing.allowedCidrs).toEqual(['10.0.0.0/24', '192.168.0.0/16', '0.0.0.0/0']);
    expect(plan.access.rules.filter((r) => 'cidr' in r.peer && r.peer.cidr === '10.0.0.0/24')).toHaveLength(plan.loadBalancing.listenerPorts.length);
  });
});

describe('the lists of DB classes and node types, with their source', () => {
  test('hold the defaults and say where they come from', () => {
    expect(DATABASE_CLASSES_SOURCE.cfnLint).toMatch(/^\d+\.\d+\.\d+$/);
    expect(RDS_INSTANCE_CLASSES['aurora-postgresql']).toContain('db.r7g.large');
    expect(RDS_INSTANCE_CLASSES['aurora-mysql']).toContain('db.r7g.large');
    expect(RDS_INSTANCE_CLASSES.postgres).toContain('db.m7g.large');
    expect(RDS_INSTANCE_CLASSES.mysql).toContain('db.m7g.large');
    expect(CACHE_NODE_TYPES).toContain('cache.m7g.large');
    // Aurora takes no db.m7g class: the lists tell the engines apart.
    expect(RDS_INSTANCE_CLASSES['aurora-postgresql']).not.toContain('db.m7g.large');
    for (const list of [...Object.values(RDS_INSTANCE_CLASSES), CACHE_NODE_TYPES]) expect(new Set(list).size).toBe(list.length);
  });
});

describe('the flavors hand the same values to the core', () => {
  const big = 'echo ' + 'x'.repeat(20000);

  test('CloudFormation: the user data\'s size, tokens left out, and an InstanceType class the list checks', () => {
    const userData = ec2.UserData.forLinux();
    userData.addCommands(big);
    const options = cfnOptions({ userData, databaseInstanceType: new ec2.InstanceType('r7g.larg') });
    expect(options.userData!.bytes).toBeGreaterThan(20000);
    const problems = plainProblems(options);
    expect(problems).toEqual([
      expect.stringMatching(/^databaseInstanceType 'r7g.larg' is not a DB instance class/),
      expect.stringMatching(/^userData must hold at most 16384 bytes/),
    ]);
  });

  test('Terraform: the same, from a string', () => {
    const options = tfOptions({ availabilityZones: PLAIN_ENV.regionAvailabilityZones, userData: `#!/bin/bash\n${big}`, databaseInstanceType: 'r7g.larg' });
    expect(options.userData!.bytes).toBe(12 + big.length);
    expect(plainProblems(options).map((p) => p.split(' ')[0])).toEqual(['databaseInstanceType', 'userData']);
  });
});

describe('MultiRegionService: its own enum and its service\'s, and the zone named by its prop', () => {
  const regionEnv = (region: string, stackName: string) => ({ ...PLAIN_ENV, path: `Shop/${region}`, stackName, region, regionAvailabilityZones: ['a', 'b', 'c'].map((x) => `${region}${x}`) });
  const base: MultiRegionOptions = {
    regions: ['eu-west-1', 'eu-central-1'], account: '123456789012', domainName: 'shop.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com', service: {},
  };
  const problems = (o: Partial<MultiRegionOptions>) => problemsOf(() => planMultiRegion({ ...base, ...o }, {
    path: 'Shop', name: 'Shop', serviceId: 'Service', serviceEnvironment: regionEnv, isUnresolved: () => false,
  }));

  test.each<[string, Partial<MultiRegionOptions>, RegExp]>([
    ['a mode in snake case', { mode: 'warm_standby' as any }, /^mode must be one of RegionMode.WARM_STANDBY \('warm-standby'\), .*received "warm_standby" \(did you mean RegionMode.WARM_STANDBY\?\)$/],
    ['a service engine that is not one', { service: { databaseEngine: 'banana' as any } }, /^service.databaseEngine must be one of DatabaseEngine/],
    ['a zone name of spaces', { hostedZoneName: '   ' }, /^domainName must lie in the hosted zone hostedZoneName \("   "\), received 'shop.example.com'$/],
  ])('%s', (_name, over, message) => {
    const found = problems(over);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });
});
