import { RenderedResource, lifecycleFindings, rollbackWalk } from '../../../src/core/aws/lifecycle';
import { DatabaseEngine } from '../../../src/core/options/options';
import { RELEASE_RESOURCE_TYPE, RELEASING_STACK_STATUS, ROLLBACK_RELEASE_FUNCTION, planRollbackRelease } from '../../../src/core/tiers/rollback-release';
import { plainPlan } from '../plain';

// The release on rollback on plain data: what the plan decides, and the walk of a failed first
// create's rollback over small plain templates, with the design that misses the common failure
// (one release after all protected resources) among them.

describe('the plan', () => {
  const CFN = { rollsBackFailedCreate: true };

  test('an engine that rolls back gets one release per protected resource; the group\'s sets its protection, left out of the template', () => {
    const p = plainPlan({}, CFN);
    expect(p.rollbackRelease?.releases).toEqual([
      { target: 'loadBalancer' }, { target: 'databaseCluster' }, { target: 'autoScalingGroup', sets: 'prevent-all-deletion' },
    ]);
    expect(p.fleet.assurance).toMatchObject({ deletionProtection: 'prevent-all-deletion', deletionProtectionSetBy: 'release' });
    expect(plainPlan({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE }, CFN).rollbackRelease?.releases.map((r) => r.target))
      .toEqual(['loadBalancer', 'databaseInstance', 'autoScalingGroup']);
    expect(plainPlan({ database: false }, CFN).rollbackRelease?.releases.map((r) => r.target)).toEqual(['loadBalancer', 'autoScalingGroup']);
  });

  test('deletionProtection false keeps only the group\'s release, which sets none (so turning it off for a teardown reaches the group)', () => {
    const p = plainPlan({ deletionProtection: false }, CFN);
    expect(p.rollbackRelease?.releases).toEqual([{ target: 'autoScalingGroup', sets: 'none' }]);
  });

  test('an engine without rollback (Terraform) gets none, and its group protection stays where the renderer puts it', () => {
    const p = plainPlan({});
    expect(p.rollbackRelease).toBeUndefined();
    expect(p.fleet.assurance.deletionProtectionSetBy).toBeUndefined();
    // A renderer that cannot set the group's protection: no release for the group.
    expect(planRollbackRelease(true, { loadBalancer: false, autoScalingGroup: undefined })).toBeUndefined();
    expect(planRollbackRelease(false, { loadBalancer: true, autoScalingGroup: 'prevent-all-deletion' })).toBeUndefined();
  });

  test('the handler acts on the first create\'s rollback only, and a Delete never fails', () => {
    expect(RELEASING_STACK_STATUS).toBe('ROLLBACK_IN_PROGRESS');
    expect(ROLLBACK_RELEASE_FUNCTION.code).toContain(`RELEASING_STATUS = '${RELEASING_STACK_STATUS}'`);
    expect(ROLLBACK_RELEASE_FUNCTION.serviceTimeoutSeconds).toBeGreaterThan(ROLLBACK_RELEASE_FUNCTION.timeoutSeconds);
  });
});

// ---- The walk -------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const ref = (id: string) => ({ Ref: id });
const res = (id: string, type: string, properties: Json = {}, dependsOn: string[] = []): RenderedResource => ({ id, type, properties, dependsOn });
const LB_PROTECTED = { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] };

/** The shape of a service: a network, a function (after the network), a load balancer, a database, a group. */
function service(design: 'perResource' | 'oneAfterAll', groupInTemplate: boolean): RenderedResource[] {
  const fnFirst = design === 'perResource' ? ['Fn'] : [];
  const base = [
    res('Vpc', 'AWS::EC2::VPC'),
    res('Nat', 'AWS::EC2::NatGateway', { SubnetId: ref('Vpc') }),
    res('Fn', 'AWS::Lambda::Function', {}, ['Nat']),
    res('Lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer', { ...LB_PROTECTED, Subnets: [ref('Vpc')] }, fnFirst),
    res('Db', 'AWS::RDS::DBCluster', { DeletionProtection: true, Vpc: ref('Vpc') }, fnFirst),
    res('Group', 'AWS::AutoScaling::AutoScalingGroup', { VPCZoneIdentifier: [ref('Nat')], ...(groupInTemplate ? { DeletionProtection: 'prevent-all-deletion' } : {}) }),
    res('Dns', 'AWS::Route53::RecordSet', { AliasTarget: { DNSName: { 'Fn::GetAtt': ['Lb', 'DNSName'] } } }),
  ];
  const token = { 'Fn::GetAtt': ['Fn', 'Arn'] };
  if (design === 'oneAfterAll') {
    return [...base, res('Release', RELEASE_RESOURCE_TYPE, { ServiceToken: token, Resource: [ref('Lb'), ref('Db'), ref('Group')] })];
  }
  return [...base,
    res('ReleaseLb', RELEASE_RESOURCE_TYPE, { ServiceToken: token, Resource: ref('Lb') }),
    res('ReleaseDb', RELEASE_RESOURCE_TYPE, { ServiceToken: token, Resource: ref('Db') }),
    res('ReleaseGroup', RELEASE_RESOURCE_TYPE, { ServiceToken: token, Resource: ref('Group'), DeletionProtection: 'prevent-all-deletion' })];
}

describe('the walk of a failed first create\'s rollback', () => {
  test('one release per resource, each after its resource, the protected resources after the function, the group protected by its release: every failure rolls back', () => {
    expect(rollbackWalk(service('perResource', false))).toEqual([]);
    expect(lifecycleFindings('cloudFormation', service('perResource', false))).toEqual([]);
  });

  test('one release after all protected resources (the old design) is caught: the group\'s own failure, after the load balancer and the database exist', () => {
    const messages = rollbackWalk(service('oneAfterAll', true)).map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/^Lb \(AWS::ElasticLoadBalancingV2::LoadBalancer\) may exist, protected, when any of these \d+ resources fails before its release does .*Group/),
      expect.stringMatching(/^Db \(AWS::RDS::DBCluster\) may exist, protected, when any of these \d+ resources fails .*Group/),
      expect.stringMatching(/^Group \(AWS::AutoScaling::AutoScalingGroup\) may exist, protected, when .*: Fn, Lb, Db, Group \(its own create\)$/),
    ]);
  });

  test('the group\'s protection in the template is caught even with its own release: its own create\'s failure', () => {
    expect(rollbackWalk(service('perResource', true)).map((f) => f.message)).toEqual([
      // Its own create, and the function's (which it does not wait for).
      'Group (AWS::AutoScaling::AutoScalingGroup) may exist, protected, when any of these 2 resources fails before its release does (the release waits for it): Fn, Group (its own create)',
    ]);
  });

  test('a protected resource that does not wait for the function is caught: the NAT gateway fails after the load balancer exists', () => {
    const noWait = service('perResource', false).map((r) => (r.id === 'Lb' ? { ...r, dependsOn: [] } : r));
    expect(rollbackWalk(noWait).map((f) => f.message)).toEqual([
      expect.stringMatching(/^Lb \(AWS::ElasticLoadBalancingV2::LoadBalancer\) may exist, protected, when any of these 2 resources fails .*: Nat, Fn$/),
    ]);
  });

  test('a protected resource without a release, and a release that does not depend on its resource, are caught', () => {
    const withoutDb = service('perResource', false).filter((r) => r.id !== 'ReleaseDb');
    expect(rollbackWalk(withoutDb).map((f) => f.message)).toEqual([
      'Db (AWS::RDS::DBCluster): deletion protection in the template and no release on rollback: a failed first create stops at it',
    ]);
    const detached = [...service('perResource', false), res('Stray', RELEASE_RESOURCE_TYPE, { Resource: 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x' })];
    expect(rollbackWalk(detached).map((f) => f.resource)).toEqual(['Stray']);
  });

  test('references: Ref, Fn::GetAtt (both forms) and Fn::Sub, pseudo parameters left out', () => {
    const r = res('X', 'AWS::SNS::Topic', { A: { 'Fn::Sub': ['${Lb.DNSName}/${AWS::Region}/${v}', { v: ref('Db') }] }, B: { 'Fn::GetAtt': 'Group.Arn' }, C: ref('AWS::StackId') });
    const walked = rollbackWalk([...service('perResource', false), r]);
    expect(walked).toEqual([]);
  });
});
