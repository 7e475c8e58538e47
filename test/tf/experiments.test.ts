import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromPlan, lbFromPlan } from './plan-context';
import { checkTerraformJson } from './schema-check';
import { DatabaseEngine, ServiceOptions } from '../../src/core/options/options';
import { ServicePlan } from '../../src/core/service/plan';
import { EXPERIMENT_TARGETS, FaultInjectionPlan, ResourceRef } from '../../src/core/tiers/experiments';
import { awsReferences } from '../../src/tf/context';
import { TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { AwsProvider } from '../../src/tf/provider';
import { renderExperiments, subnetArnsByAz, TfExperimentRefs } from '../../src/tf/tiers/experiments';
import { renderLoadBalancing } from '../../src/tf/tiers/load-balancing';
import { renderNetwork } from '../../src/tf/tiers/network';
import { plainPlan } from '../core/plain';

// The experiments tier rendered from the plans of three services, next to the network and load
// balancer tiers; the tiers not rendered here yet (fleet, database, cache, alarms) are literal ARNs.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-tf-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
const app = Testing.app({ outdir });

const ARN = 'arn:aws:%s:eu-west-1:111111111111:%s';
const arn = (service: string, resource: string) => ARN.replace('%s', service).replace('%s', resource);

interface Rendered {
  readonly plan: ServicePlan;
  readonly fi: FaultInjectionPlan;
  readonly refs: TfExperimentRefs;
  readonly context: { partition: string; account: string; region: string };
  readonly config: any;
}

function render(name: string, options: ServiceOptions): Rendered {
  // As the Terraform flavor plans it: the group takes no part in zonal shifts (no impairment policy in hashicorp/aws 6.25).
  const plan = plainPlan(options, { fleetZonalShift: false });
  const fi = plan.faultInjection!;
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const context = awsReferences(stack);
  const network = renderNetwork(stack, plan.network, context);
  const lb = renderLoadBalancing(stack, plan.loadBalancing, plan.zonalShift, network, { ...context, regionName: 'eu-west-1', ...lbFromPlan(plan) });
  const refs: TfExperimentRefs = {
    vpcArn: network.vpc!.attr('arn'),
    subnetArnsByAz: subnetArnsByAz(plan.network, network, context),
    fleetName: `${plan.namePrefix}-Fleet`,
    fleetArn: arn('autoscaling', `autoScalingGroup:0f0e0d0c-0b0a-0908-0706-050403020100:autoScalingGroupName/${plan.namePrefix}-Fleet`),
    loadBalancerArn: lb.loadBalancer.attr('arn'),
    databaseClusterArn: plan.database?.aurora ? arn('rds', 'cluster:shop-db') : undefined,
    databaseInstanceArn: plan.database && !plan.database.aurora ? arn('rds', 'db:shop-db') : undefined,
    cacheReplicationGroupArn: plan.cache ? arn('elasticache', 'replicationgroup:shop-cache') : undefined,
    cacheTagValue: plan.cache?.replicationGroupId,
    stopAlarmArn: arn('cloudwatch', `alarm:${plan.namePrefix}-${fi.stopAlarmId}`),
  };
  renderExperiments(stack, fi, refs, { ...context, ...fromPlan(plan) });
  return { plan, fi, refs, context, config: JSON.parse(Testing.synth(stack)) };
}

const configurations: Array<[string, Rendered]> = [
  ['Aurora', render('Aurora', {})],
  ['Cache', render('Cache', { cache: true })],
  ['Postgres', render('Postgres', { databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, faultInjectionAvailabilityZone: 'eu-west-1c' })],
];
const resources = (config: any, type: string): Record<string, any> => config.resource[type] ?? {};
const templatesOf = (r: Rendered): Record<string, any> =>
  Object.fromEntries(Object.values(resources(r.config, 'aws_fis_experiment_template')).map((t) => [t.tags.Name, t]));

/** The context's data sources, as the configuration references them. */
const CONTEXT = {
  partition: '${data.aws_partition.Partition.partition}', account: '${data.aws_caller_identity.Account.account_id}', region: '${data.aws_region.Region.region}',
};
const TIER = { public: 'Public', private: 'Private', isolated: 'Isolated' };

/** What each ref should be written as, from the refs given, the network's resources and the context (the test's own table). */
function expected(r: Rendered): Record<ResourceRef, string[]> {
  const c = CONTEXT;
  const ec2 = (resource: string) => [`arn:${c.partition}:ec2:${c.region}:${c.account}:${resource}/*`];
  return {
    any: ['*'],
    anyInstance: ec2('instance'),
    anyNetworkAcl: ec2('network-acl'),
    vpc: ['${aws_vpc.Vpc.arn}'],
    subnetsInAz: r.plan.network.subnets.filter((s) => s.azIndex === r.fi.availabilityZoneIndex)
      .map((s) => `arn:${c.partition}:ec2:${c.region}:${c.account}:subnet/\${aws_subnet.${TIER[s.tier]}Subnet${s.azIndex + 1}.id}`),
    fleetName: [r.refs.fleetName],
    fleet: [r.refs.fleetArn],
    loadBalancer: ['${aws_lb.LoadBalancer.arn}'],
    databaseCluster: [r.refs.databaseClusterArn!],
    databaseInstance: [r.refs.databaseInstanceArn!],
    cacheReplicationGroup: [r.refs.cacheReplicationGroupArn!],
    cacheTagValue: [r.refs.cacheTagValue!],
    latencyDocument: ['${aws_ssm_document.LatencyDocument.arn}'],
  };
}

describe.each(configurations)('%s', (_, r) => {
  const templates = templatesOf(r);

  test('passes the offline schema check', () => {
    expect(checkTerraformJson(r.config)).toEqual([]);
  });

  test('one template per experiment of the plan, stopped by the service-health alarm, logging to the retained, encrypted log group', () => {
    expect(Object.keys(templates).sort()).toEqual(r.fi.experiments.map((e) => e.name).sort());
    for (const e of r.fi.experiments) {
      const t = templates[e.name];
      expect(t).toEqual(expect.objectContaining({
        description: e.description,
        role_arn: '${aws_iam_role.ExperimentRole.arn}',
        stop_condition: [{ source: 'aws:cloudwatch:alarm', value: r.refs.stopAlarmArn }],
        log_configuration: { log_schema_version: 2, cloudwatch_logs_configuration: { log_group_arn: '${aws_cloudwatch_log_group.ExperimentLogs.arn}:*' } },
        experiment_options: { account_targeting: 'single-account', empty_target_resolution_mode: e.emptyTargetResolutionMode },
        tags: { Name: e.name },
      }));
      // Only the AZ experiment with a failover skips an empty target (the failover, when the writer is elsewhere).
      const failover = e.actions.find((a) => a.name === 'FailOverDatabase');
      expect(e.emptyTargetResolutionMode).toBe(e.id === 'AzImpairment' && failover ? 'skip' : 'fail');
      expect(r.config.output[`${e.id}ExperimentId`].value).toBe(`\${aws_fis_experiment_template.${e.id}Experiment.id}`);
    }
    expect(Object.values(resources(r.config, 'aws_cloudwatch_log_group')).find((g) => g.skip_destroy)).toEqual({
      retention_in_days: r.fi.logRetentionDays, kms_key_id: '${aws_kms_key.ExperimentLogsKey.arn}', skip_destroy: true,
    });
    const keyPolicy = JSON.parse(resources(r.config, 'aws_kms_key').ExperimentLogsKey.policy);
    expect(keyPolicy.Statement.map((s: any) => s.Sid)).toEqual([undefined, 'GrantsOnlyForAwsServices', 'AllowCloudWatchLogs']);
  });

  test('the actions and their targets are the plan\'s, each target naming this service\'s resources', () => {
    const refs = expected(r);
    for (const e of r.fi.experiments) {
      const t = templates[e.name];
      expect(t.action).toEqual(e.actions.map((a) => {
        const written = Object.fromEntries(Object.entries(a.parameterRefs ?? {}).map(([key, ref]) => [key, refs[ref][0]]));
        const parameters = Object.entries({ ...a.parameters, ...written }).map(([key, value]) => ({ key, value }));
        return {
          name: a.name,
          action_id: a.actionId,
          description: a.description,
          ...(parameters.length ? { parameter: parameters } : {}),
          target: { key: EXPERIMENT_TARGETS[a.target].key, value: a.name },
        };
      }));
      expect(t.target).toEqual(e.actions.map((a) => {
        const spec = EXPERIMENT_TARGETS[a.target];
        return {
          name: a.name,
          resource_type: spec.resourceType,
          selection_mode: spec.selectionMode,
          ...(spec.resources ? { resource_arns: spec.resources.flatMap((ref) => refs[ref]) } : {}),
          ...(spec.resourceTags ? { resource_tag: Object.entries(spec.resourceTags).map(([key, ref]) => ({ key, value: refs[ref][0] })) } : {}),
          ...(spec.filters ? { filter: [...spec.filters, ...a.targetFilters ?? []] } : {}),
          ...(a.targetParameters ? { parameters: a.targetParameters } : {}),
        };
      }));
    }
  });

  test('no shift: hashicorp/aws 6.25 has no zonal autoshift, so the AZ experiment rehearses what happens without it, and the role may start none', () => {
    const az = r.fi.experiments.find((e) => e.id === 'AzImpairment')!;
    expect(templatesOf(r)[az.name].target.filter((t: any) => t.resource_type === 'aws:arc:zonal-shift-managed-resource')).toEqual([]);
    const policy = JSON.parse(resources(r.config, 'aws_iam_role_policy').ExperimentRolePolicy.policy);
    expect(policy.Statement.filter((s: any) => [s.Action].flat().includes('arc-zonal-shift:StartZonalShift'))).toEqual([]);
  });

  test('the AZ impairment cuts off the service\'s subnets in the plan\'s AZ, and only those', () => {
    const az = r.fi.experiments.find((e) => e.id === 'AzImpairment')!;
    const [network] = templatesOf(r)[az.name].target.filter((t: any) => t.name === 'DisruptNetwork');
    const azNumber = r.fi.availabilityZoneIndex + 1;
    const inAz = r.plan.network.subnets.filter((s) => s.azIndex === r.fi.availabilityZoneIndex);
    expect(network.resource_arns).toHaveLength(inAz.length);
    for (const subnetArn of network.resource_arns) expect(subnetArn).toMatch(new RegExp(`:subnet/\\$\\{aws_subnet\\.[A-Za-z]+Subnet${azNumber}\\.id\\}$`));
  });

  test('the role: assumed by FIS for this account\'s experiments only, with the plan\'s statements', () => {
    const c = CONTEXT;
    const role = resources(r.config, 'aws_iam_role').ExperimentRole;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'fis.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': c.account }, ArnLike: { 'aws:SourceArn': `arn:${c.partition}:fis:${c.region}:${c.account}:experiment/*` } },
    }]);
    const policy = resources(r.config, 'aws_iam_role_policy').ExperimentRolePolicy;
    expect(policy.role).toBe('${aws_iam_role.ExperimentRole.id}');
    const statements = JSON.parse(policy.policy).Statement;
    const refs = expected(r);
    expect(statements).toHaveLength(r.fi.permissions.length);
    r.fi.permissions.forEach((p, i) => {
      const s = statements[i];
      expect(s).toEqual(expect.objectContaining({ Effect: 'Allow', Action: p.actions, Resource: p.resources.flatMap((ref) => refs[ref]) }));
      expect(s.Condition === undefined).toBe(p.conditions === undefined);
      for (const cond of p.conditions ?? []) {
        const values = cond.values.flatMap((v) => (typeof v === 'string' ? [v] : refs[v.ref]));
        expect([s.Condition[cond.operator][cond.key]].flat()).toEqual(values);
      }
    });
    // Nothing destructive on every resource without a condition.
    const unconditional = statements.filter((s: any) => s.Resource.includes('*') && !s.Condition).flatMap((s: any) => s.Action);
    expect(unconditional.filter((a: string) => /Terminate|Failover|Reboot|Interrupt|StartZonalShift|InjectApiError|Delete|Replace/.test(a))).toEqual([]);
  });
});

test('each configuration exercises what its plan adds: a cache node\'s power, a DB instance\'s reboot with failover', () => {
  const targetTypes = (r: Rendered) => Object.values(templatesOf(r)).flatMap((t) => t.target.map((x: any) => x.resource_type));
  const [aurora, cache, postgres] = configurations.map(([, r]) => r);
  expect(targetTypes(aurora)).toContain('aws:rds:cluster');
  expect(cache.fi.experiments.some((e) => e.actions.some((a) => a.target === 'cacheReplicationGroup'))).toBe(true);
  // FIS takes no ARN for a replication group: its tag, and the AZ whose nodes lose power.
  const [cacheTarget] = Object.values(templatesOf(cache)).flatMap((t) => t.target).filter((x: any) => x.resource_type === 'aws:elasticache:replicationgroup');
  expect(cacheTarget).toEqual({
    name: 'InterruptCacheNodes',
    resource_type: 'aws:elasticache:replicationgroup',
    selection_mode: 'ALL',
    resource_tag: [{ key: 'cdk-highly-available-service:cache', value: cache.plan.cache!.replicationGroupId }],
    parameters: { availabilityZoneIdentifier: cache.fi.availabilityZone },
  });
  expect(targetTypes(postgres)).toContain('aws:rds:db');
  expect(targetTypes(postgres)).not.toContain('aws:rds:cluster');
  expect(postgres.fi.availabilityZoneIndex).toBe(2);
});

test('a ref the plan needs but the caller did not give is an error, not a broken template', () => {
  const r = configurations[0][1];
  const stack = new TerraformStack(app, 'Missing');
  expect(() => renderExperiments(stack, r.fi, { ...r.refs, databaseClusterArn: undefined }, { ...r.context, ...fromPlan(r.plan) }))
    .toThrow(/TfExperimentRefs\.databaseClusterArn/);
});
