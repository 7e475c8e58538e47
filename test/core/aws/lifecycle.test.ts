import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLOUDFORMATION_LIFECYCLE, RELEASE_RESOURCE_TYPE, RenderedResource, SET_AT_CREATION, TERRAFORM_LIFECYCLE, lifecycleFindings } from '../../../src/core/aws/lifecycle';
import { CapacityPlan } from '../../../src/core/capacity/demand';
import { DatabaseEngine, ServiceOptions } from '../../../src/core/options/options';
import { plainPlan } from '../plain';

// The lifecycle table on plain resources: each check finds what it should, and what the service
// renders on purpose (a documented step, a kept resource, a name new at each creation) passes.
// test/compliance.test.ts and test/tf/parity.test.ts run every resource of both matrices through it.

const STACK_ID_PART = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] };
const cfn = (type: string, properties: Record<string, unknown>, deletionPolicy?: string): RenderedResource => ({ id: 'Planted', type, properties, deletionPolicy });
const tf = (type: string, properties: Record<string, unknown>): RenderedResource => ({ id: `${type}.planted`, type, properties });
const checks = (flavor: 'cloudFormation' | 'terraform', r: RenderedResource) => lifecycleFindings(flavor, [r]).map((f) => f.check);

describe('the table', () => {
  test('every entry names its source; what holds data says what replaces it', () => {
    for (const [type, entry] of [...Object.entries(CLOUDFORMATION_LIFECYCLE), ...Object.entries(TERRAFORM_LIFECYCLE)]) {
      expect({ type, source: entry.source.length > 10 }).toEqual({ type, source: true });
      if (entry.holdsData) expect({ type, replacedBy: Array.isArray(entry.replacedBy) }).toEqual({ type, replacedBy: true });
      const sourced = [...(entry.blockers ?? []).map((b) => [b.what, b.source]), ...(entry.lastingNames ?? []).map((n) => [n.path, n.source])];
      for (const [what, source] of sourced) expect({ type, what, source: source.length > 10 }).toEqual({ type, what, source: true });
    }
  });

  test('each documented step names a section of the README that exists', () => {
    const headings = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8').split('\n')
      .filter((line) => line.startsWith('#')).map((line) => line.replace(/^#+\s*/, ''));
    const steps = [...Object.values(CLOUDFORMATION_LIFECYCLE), ...Object.values(TERRAFORM_LIFECYCLE)]
      .flatMap((e) => (e.blockers ?? []).map((b) => b.destroyStep)).filter((x): x is string => x !== undefined);
    expect(new Set(steps)).toEqual(new Set(['README "Tearing down"']));
    for (const step of new Set(steps)) expect(headings).toContain(/^README "(.*)"$/.exec(step)![1]);
  });

  test('what replaces a CloudFormation data holder is its schema\'s create-only properties, as cfn-lint 1.51 ships them', () => {
    const holders = Object.entries(CLOUDFORMATION_LIFECYCLE).filter(([, e]) => e.holdsData);
    const script = 'import json,sys\nfrom cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER as m\n'
      + 'print(json.dumps({t: [p.split("/")[-1] for p in (m.get_resource_schema("us-east-1", t).schema.get("createOnlyProperties") or [])] for t in sys.argv[1:]}))';
    const run = spawnSync('python3', ['-c', script, ...holders.map(([type]) => type)], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const createOnly = JSON.parse(run.stdout) as Record<string, string[]>;
    for (const [type, entry] of holders) {
      expect({ type, replacedBy: [...entry.replacedBy!].sort() }).toEqual({ type, replacedBy: [...createOnly[type]].sort() });
    }
  });

  test('a type without an entry is a finding', () => {
    expect(lifecycleFindings('cloudFormation', [cfn('AWS::DynamoDB::Table', {})])).toEqual([expect.objectContaining({
      check: 'unknown', message: expect.stringMatching(/^Planted \(AWS::DynamoDB::Table\) has no lifecycle entry/),
    })]);
    expect(checks('terraform', tf('aws_dynamodb_table', {}))).toEqual(['unknown']);
  });
});

describe('a failed first create rolls back, a teardown completes', () => {
  test('the protections the service sets on purpose have their documented steps: a teardown\'s, and a release for a failed first create', () => {
    // Alone, the database's and the load balancer's protections stop a rollback: a release takes them away (test/core/tiers/rollback-release.test.ts walks it).
    const released = (r: RenderedResource) => [{ ...r, dependsOn: ['Fn'] }, { id: 'Fn', type: 'AWS::Lambda::Function', properties: {} },
      { id: 'Release', type: RELEASE_RESOURCE_TYPE, properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Resource: { Ref: r.id } } }];
    const db = cfn('AWS::RDS::DBCluster', { DeletionProtection: true }, 'Snapshot');
    const lb = cfn('AWS::ElasticLoadBalancingV2::LoadBalancer', { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] });
    expect(checks('cloudFormation', db)).toEqual(['rollback']);
    expect(checks('cloudFormation', lb)).toEqual(['rollback']);
    expect(lifecycleFindings('cloudFormation', released(db))).toEqual([]);
    expect(lifecycleFindings('cloudFormation', released(lb))).toEqual([]);
    expect(checks('terraform', tf('aws_lb', { enable_deletion_protection: true }))).toEqual([]);
    expect(checks('terraform', tf('aws_kms_key', { lifecycle: { prevent_destroy: true } }))).toEqual([]);
  });

  test('a planted deletion blocker without a way past it fails: a log group\'s deletion protection, in both flavors', () => {
    const logs = cfn('AWS::Logs::LogGroup', { DeletionProtectionEnabled: true });
    expect(lifecycleFindings('cloudFormation', [logs])).toEqual([
      expect.objectContaining({ check: 'rollback', message: expect.stringMatching(/^Planted \(AWS::Logs::LogGroup\): deletion protection stops the rollback of a failed first create/) }),
      expect.objectContaining({ check: 'destroy', message: expect.stringMatching(/^Planted \(AWS::Logs::LogGroup\): deletion protection stops the teardown/) }),
    ]);
    expect(checks('terraform', tf('aws_cloudwatch_log_group', { name_prefix: 'x-', deletion_protection_enabled: true }))).toEqual(['destroy']);
    // Kept, it is never deleted: nothing to stop.
    expect(checks('cloudFormation', cfn('AWS::Logs::LogGroup', { DeletionProtectionEnabled: true }, 'Retain'))).toEqual([]);
  });

  test('the group\'s prevent-all-deletion in the template stops a rollback (its release sets it instead); prevent-force-deletion blocks nothing CloudFormation does', () => {
    expect(checks('cloudFormation', cfn('AWS::AutoScaling::AutoScalingGroup', { DeletionProtection: 'prevent-all-deletion' }))).toEqual(['rollback']);
    expect(checks('cloudFormation', cfn('AWS::AutoScaling::AutoScalingGroup', { DeletionProtection: 'prevent-force-deletion' }))).toEqual([]);
  });

  test('the MySQL option group stops the teardown unless it is kept with the snapshot that uses it', () => {
    expect(checks('cloudFormation', cfn('AWS::RDS::OptionGroup', { EngineName: 'mysql' }))).toEqual(['rollback', 'destroy']);
    expect(checks('cloudFormation', cfn('AWS::RDS::OptionGroup', { EngineName: 'mysql' }, 'Retain'))).toEqual([]);
    expect(checks('terraform', tf('aws_db_option_group', { name_prefix: 'shop-options-' }))).toEqual(['destroy']);
    expect(checks('terraform', tf('aws_db_option_group', { name_prefix: 'shop-options-', skip_destroy: true }))).toEqual([]);
  });

  test('RetainExceptOnCreate keeps the group in a teardown but not in the rollback of its create', () => {
    expect(checks('cloudFormation', cfn('AWS::RDS::OptionGroup', {}, 'RetainExceptOnCreate'))).toEqual(['rollback']);
  });
});

describe('a recreate with the same ids', () => {
  test('a planted reserved name fails: a kept log group with a fixed name, in both flavors', () => {
    expect(lifecycleFindings('cloudFormation', [cfn('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-shop' }, 'Retain')])).toEqual([expect.objectContaining({
      check: 'recreate',
      message: expect.stringMatching(/^Planted \(AWS::Logs::LogGroup\): LogGroupName "aws-waf-logs-shop" stays taken as long as the kept log group exists after a teardown/),
    })]);
    expect(checks('terraform', tf('aws_cloudwatch_log_group', { name: 'aws-waf-logs-shop', skip_destroy: true }))).toEqual(['recreate']);
  });

  test('a name new at each creation, a generated one, or one deleted with the resource passes', () => {
    expect(checks('cloudFormation', cfn('AWS::Logs::LogGroup', { LogGroupName: { 'Fn::Join': ['', ['aws-waf-logs-shop-', STACK_ID_PART]] } }, 'Retain'))).toEqual([]);
    expect(checks('cloudFormation', cfn('AWS::Logs::LogGroup', {}, 'Retain'))).toEqual([]);
    expect(checks('cloudFormation', cfn('AWS::Logs::LogGroup', { LogGroupName: 'app' }))).toEqual([]);
    expect(checks('terraform', tf('aws_cloudwatch_log_group', { name_prefix: 'aws-waf-logs-shop-', skip_destroy: true }))).toEqual([]);
  });

  test('a planted secret with a recovery window fails in Terraform; deleted without recovery it passes', () => {
    expect(lifecycleFindings('terraform', [tf('aws_secretsmanager_secret', { name: 'shop/database-master' })])).toEqual([expect.objectContaining({
      check: 'recreate', message: expect.stringMatching(/name "shop\/database-master" stays taken its recovery window/),
    })]);
    expect(checks('terraform', tf('aws_secretsmanager_secret', { name: 'shop/database-master', recovery_window_in_days: 0 }))).toEqual([]);
    // CloudFormation deletes a secret without recovery: only a kept one holds its name.
    expect(checks('cloudFormation', cfn('AWS::SecretsManager::Secret', { Name: 'shop/database-master' }))).toEqual([]);
    expect(checks('cloudFormation', cfn('AWS::SecretsManager::Secret', { Name: 'shop/database-master' }, 'Retain'))).toEqual(['recreate']);
  });

  test('a fixed final snapshot name fails the next teardown; one with the creation time passes', () => {
    expect(checks('terraform', tf('aws_db_instance', { final_snapshot_identifier: 'shop-final' }))).toEqual(['recreate']);
    expect(checks('terraform', tf('aws_rds_cluster', { final_snapshot_identifier: '${formatdate("YYYYMMDDhhmmss", timestamp())}' }))).toEqual([]);
    expect(checks('terraform', tf('aws_rds_cluster', { final_snapshot_identifier: 'shop-final', skip_final_snapshot: true }))).toEqual([]);
    expect(checks('terraform', tf('aws_elasticache_replication_group', { final_snapshot_identifier: 'shop-final' }))).toEqual(['recreate']);
  });
});

describe('an update of a documented prop replaces nothing that holds data', () => {
  // What the data holders' create-only properties are made of, in the plan: the database's engine,
  // name, user, key and identifiers; the cache's id, nodes' AZs, port and subnet group; the kept log
  // group's and bucket's names. A prop that changes none of them replaces nothing that holds data.
  const fingerprint = (o: ServiceOptions) => {
    const p = plainPlan({ cache: true, ...o });
    return {
      database: p.database && {
        engine: p.database.engine,
        name: p.database.name,
        user: p.database.masterUsername,
        ownKey: p.database.ownStorageKey,
        identifiers: p.databaseNames && [p.databaseNames.identifierPrefix, p.databaseNames.writerIdentifierPrefix],
      },
      cache: p.cache && { id: p.cache.replicationGroupId, nodeAzs: p.cache.nodeAzs, port: p.cache.port, subnetGroup: p.cache.subnetGroupName },
      wafLogs: p.webFirewall?.webAcl?.logGroupNamePrefix,
      bucket: p.loadBalancing.createAccessLogsBucket && p.namePrefixes.accessLogsBucket,
      subnetGroup: p.namePrefixes.databaseSubnetGroup,
    };
  };
  const demand = () => CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });
  // Each documented prop with a value other than its default (a demand plan for the capacity props that need one).
  const VARIANTS: Array<[string, ServiceOptions]> = [
    ['internetFacing', { internetFacing: false }], ['allowedCidrs', { allowedCidrs: ['10.0.0.0/8'] }],
    ['healthCheckPath', { healthCheckPath: '/ready' }], ['healthCheckIntervalSeconds', { healthCheckIntervalSeconds: 30 }],
    ['healthyThresholdCount', { healthyThresholdCount: 3 }], ['deregistrationDelaySeconds', { deregistrationDelaySeconds: 60 }],
    ['slowStartSeconds', { slowStartSeconds: 60 }], ['instanceTypes', { instanceTypes: [{ name: 'm7i.large', architecture: 'x86_64' }] }], ['appPort', { appPort: 9000 }],
    ['minCapacity', { minCapacity: 6 }], ['maxCapacity', { maxCapacity: 12 }], ['capacity', { capacity: demand() }],
    ['healthCheckGracePeriodSeconds', { healthCheckGracePeriodSeconds: 120 }], ['cpuTargetUtilizationPercent', { cpuTargetUtilizationPercent: 60 }],
    ['rootVolumeSizeGiB', { rootVolumeSizeGiB: 40 }], ['signalOnHealthy', { signalOnHealthy: false }],
    ['loadBalancerCapacityUnits', { capacity: demand(), loadBalancerCapacityUnits: 200 }], ['warmPool', { warmPool: {} }],
    ['zonalShift', { zonalShift: false }], ['cacheNodeType', { cacheNodeType: 'cache.r7g.large' }], ['webAclRateLimit', { webAclRateLimit: 500 }],
    ['faultInjection', { faultInjection: false }], ['databaseReaders', { databaseReaders: 2 }], ['databaseInstanceType', { databaseInstanceType: 'r7g.xlarge' }],
    ['databaseBackupRetentionDays', { databaseBackupRetentionDays: 14 }], ['databaseMaxReaders', { databaseMaxReaders: 4 }],
    ['databaseProxy', { databaseProxy: true }], ['databaseReaderCpuTarget', { databaseMaxReaders: 4, databaseReaderCpuTarget: 60 }], ['deletionProtection', { deletionProtection: false }],
    ['alarms', { alarms: false }], ['dashboard', { dashboard: false }], ['alarmEmails', { alarmEmails: ['oncall@example.com'] }],
  ];

  test.each(VARIANTS)('%s', (prop, variant) => {
    expect(SET_AT_CREATION[prop]).toBeUndefined();
    const [before, after] = [fingerprint({}), fingerprint(variant)];
    // A kept resource the change removes (the web ACL's log group of an internal load balancer) stays, with its data.
    type Fingerprint = ReturnType<typeof fingerprint>;
    const kept = (f: Fingerprint, g: Fingerprint) => ({ ...f, wafLogs: g.wafLogs && f.wafLogs, bucket: g.bucket && f.bucket });
    expect(kept(after, before)).toEqual(kept(before, after));
  });

  test.each([
    ['databaseEngine', { databaseEngine: DatabaseEngine.AURORA_MYSQL }], ['databaseName', { databaseName: 'orders' }], ['cacheNodes', { cacheNodes: 2 }],
    ['maxAzs', { maxAzs: 2 }],
  ] as Array<[string, ServiceOptions]>)('%s is set at creation: it changes what a data holder is created with, and the table says so', (prop, variant) => {
    expect(fingerprint(variant)).not.toEqual(fingerprint({}));
    expect(SET_AT_CREATION[prop]).toMatch(/replaces the (database|cache)/);
  });
});
