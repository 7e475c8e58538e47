import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from '../../src';
import { assessTemplate, checkInputs, fromTerraformConfig, fromTerraformPlan, readInputs, runCheckCommand } from '../../src/rules';
import { SourceFormat } from '../../src/rules/template';
import { App, TerraformStack } from '../../src/tf/private/cdktf';

// Terraform input: a cdktf cdk.tf.json and the JSON of a plan, mapped to the rules' resource model.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-tf-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, json: unknown) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, JSON.stringify(json, null, 2));
  return p;
};
const findings = (file: string) => checkInputs(readInputs(file).inputs).templates.flatMap((t) => t.findings);
const ids = (file: string) => findings(file).map((f) => `${f.ruleId}@${f.resource}`);

// A plan in the format of `terraform show -json`: planned_values (values known at plan time, child
// modules by address), resource_changes (after_unknown), and the configuration's references.
const planned = (address: string, type: string, values: Record<string, unknown>) => ({
  address, mode: 'managed', type, name: address.split('.').pop()!.replace(/\[\d+\]$/, ''), provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values, sensitive_values: {},
});
const change = (address: string, type: string, afterUnknown: Record<string, unknown>) => ({
  address, mode: 'managed', type, name: address.split('.').pop(), change: { actions: ['create'], before: null, after: {}, after_unknown: { id: true, arn: true, ...afterUnknown } },
});
const configured = (address: string, type: string, expressions: Record<string, unknown>) => ({ address, mode: 'managed', type, name: address.split('.').pop(), expressions });

function plan(opts: { zones: string[]; multiAz: boolean; cache: 'one-node' | 'replicated' }) {
  const subnets = opts.zones.map((az, i) => planned(`aws_subnet.private[${i}]`, 'aws_subnet', { availability_zone: az, cidr_block: `10.0.${i}.0/24` }));
  const cache = opts.cache === 'one-node'
    ? planned('aws_elasticache_cluster.sessions', 'aws_elasticache_cluster', { cluster_id: 'sessions', engine: 'redis', node_type: 'cache.t4g.small', num_cache_nodes: 1 })
    : planned('aws_elasticache_replication_group.sessions', 'aws_elasticache_replication_group', { automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 2 });
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: {
      root_module: {
        resources: [
          ...subnets,
          planned('aws_autoscaling_group.web', 'aws_autoscaling_group', {
            min_size: opts.zones.length,
            max_size: 6,
            health_check_type: 'EC2',
            health_check_grace_period: 300,
            launch_template: [{ id: 'lt-0123', version: '$Latest' }],
          }),
          planned('aws_cloudwatch_metric_alarm.web', 'aws_cloudwatch_metric_alarm', { metric_name: 'GroupInServiceInstances', namespace: 'AWS/AutoScaling' }),
          cache,
        ],
        child_modules: [{
          address: 'module.data',
          resources: [
            planned('module.data.aws_db_instance.main', 'aws_db_instance', {
              engine: 'postgres', instance_class: 'db.m7g.large', multi_az: opts.multiAz, backup_retention_period: 7, deletion_protection: true, skip_final_snapshot: false,
            }),
            planned('module.data.aws_cloudwatch_metric_alarm.cpu', 'aws_cloudwatch_metric_alarm', { metric_name: 'CPUUtilization', namespace: 'AWS/RDS' }),
          ],
        }],
      },
    },
    resource_changes: [
      ...subnets.map((s) => change(s.address, 'aws_subnet', {})),
      change('aws_autoscaling_group.web', 'aws_autoscaling_group', { vpc_zone_identifier: true }),
      change('aws_cloudwatch_metric_alarm.web', 'aws_cloudwatch_metric_alarm', { dimensions: true }),
      change('module.data.aws_cloudwatch_metric_alarm.cpu', 'aws_cloudwatch_metric_alarm', { dimensions: true }),
    ],
    configuration: {
      root_module: {
        resources: [
          configured('aws_subnet.private', 'aws_subnet', { availability_zone: { constant_value: 'eu-west-1a' } }),
          configured('aws_autoscaling_group.web', 'aws_autoscaling_group', { vpc_zone_identifier: { references: ['aws_subnet.private'] } }),
          configured('aws_cloudwatch_metric_alarm.web', 'aws_cloudwatch_metric_alarm', { dimensions: { references: ['aws_autoscaling_group.web.name', 'aws_autoscaling_group.web'] } }),
        ],
        module_calls: {
          data: {
            source: './modules/data',
            module: {
              resources: [
                configured('aws_db_instance.main', 'aws_db_instance', { multi_az: { references: ['var.multi_az'] } }),
                configured('aws_cloudwatch_metric_alarm.cpu', 'aws_cloudwatch_metric_alarm', { dimensions: { references: ['aws_db_instance.main.identifier', 'aws_db_instance.main'] } }),
              ],
            },
          },
        },
      },
    },
  };
}

describe('a Terraform plan (terraform show -json)', () => {
  test('an Auto Scaling group in one subnet, a single-AZ database in a module and a one-node cache: all three, by address', () => {
    const file = write('spof.plan.json', plan({ zones: ['eu-west-1a'], multiAz: false, cache: 'one-node' }));
    const found = findings(file);
    expect(found.filter((f) => f.level === 'error').map((f) => `${f.ruleId}@${f.resource}`).sort()).toEqual([
      'HA-ASG1@aws_autoscaling_group.web',
      'HA-EC2@aws_elasticache_cluster.sessions',
      'HA-RDS1@module.data.aws_db_instance.main',
    ]);
    const rds = found.find((f) => f.ruleId === 'HA-RDS1')!;
    expect(rds).toMatchObject({ resourceType: 'aws_db_instance', message: 'multi_az is false' });
    expect(rds.fix).toMatch(/multi_az = true/);
    expect(rds.line).toBeGreaterThan(1);
  });

  test('three subnets by count, a Multi-AZ database, a replicated cache: none of the three', () => {
    const file = write('ha.plan.json', plan({ zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], multiAz: true, cache: 'replicated' }));
    expect(ids(file).filter((f) => /HA-(ASG1|RDS1|EC1|EC2)@/.test(f))).toEqual([]);
    // The alarms watch the group and the database through the configuration's references.
    expect(ids(file).filter((f) => f.startsWith('HA-ALARM1'))).toEqual([]);
  });

  test('a value known only after apply with no reference is not judged', () => {
    const p = plan({ zones: ['eu-west-1a'], multiAz: true, cache: 'replicated' });
    p.configuration.root_module.resources[1].expressions = {};
    const t = fromTerraformPlan(p);
    const { violations, notJudged } = assessTemplate(t.template, { format: SourceFormat.TERRAFORM });
    expect(violations.map((v) => v.ruleId)).not.toContain('HA-ASG1');
    expect(notJudged.map((n) => n.reason)).toContain('Auto Scaling groups with neither subnets nor AZs');
  });
});

describe('a cdktf cdk.tf.json', () => {
  const config = (spof: boolean) => ({
    '//': { metadata: { backend: 'local', stackName: 'Shop', version: '0.21.0' } },
    'terraform': { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } } },
    'provider': { aws: [{ region: 'eu-west-1' }] },
    'variable': { multi_az: { type: 'bool', default: !spof } },
    'data': { aws_availability_zones: { azs: { state: 'available' } } },
    'resource': {
      aws_subnet: Object.fromEntries([0, 1, 2].map((i) => [`private_${i}`, {
        vpc_id: 'vpc-0123', cidr_block: `10.0.${i}.0/24`, availability_zone: `\${data.aws_availability_zones.azs.names[${spof ? 0 : i}]}`,
      }])),
      aws_autoscaling_group: {
        web: {
          min_size: 3,
          max_size: 6,
          vpc_zone_identifier: spof ? ['${aws_subnet.private_0.id}'] : [0, 1, 2].map((i) => `\${aws_subnet.private_${i}.id}`),
          launch_template: { id: 'lt-0123', version: '$Latest' },
        },
      },
      aws_db_instance: {
        main: { engine: 'postgres', instance_class: 'db.m7g.large', multi_az: '${var.multi_az}', backup_retention_period: 7, deletion_protection: true, final_snapshot_identifier: 'main-final' },
      },
      ...(spof
        ? { aws_elasticache_cluster: { sessions: { cluster_id: 'sessions', engine: 'valkey', node_type: 'cache.t4g.small', num_cache_nodes: 1 } } }
        : { aws_elasticache_replication_group: { sessions: { description: 's', automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 2 } } }),
    },
  });

  test('an Auto Scaling group in one subnet, a single-AZ database and a one-node cache: all three, by address', () => {
    const file = write('cdk.tf.json', config(true));
    const found = findings(file).filter((f) => f.level === 'error');
    expect(found.map((f) => `${f.ruleId}@${f.resource}`).sort()).toEqual([
      'HA-ASG1@aws_autoscaling_group.web', 'HA-EC2@aws_elasticache_cluster.sessions', 'HA-RDS1@aws_db_instance.main',
    ]);
    expect(found.find((f) => f.ruleId === 'HA-RDS1')!.when).toBe('with the default var.multi_az (false)');
    expect(found.find((f) => f.ruleId === 'HA-EC2')!.message).toBe('a single Valkey node, with no replica');
  });

  test('the same spread over three AZs is clean of them', () => {
    const file = write('ha/cdk.tf.json'.replace('/', '-'), config(false));
    expect(ids(file).filter((f) => /HA-(ASG1|RDS1|EC1|EC2)@/.test(f))).toEqual([]);
  });

  test('for_each and modules are said to be left out', () => {
    const t = fromTerraformConfig({ terraform: {}, resource: { aws_instance: { box: { for_each: '${var.names}', ami: 'ami-1' } } }, module: { net: { source: './net' } } });
    expect(t.notes).toEqual([
      'aws_instance.box uses for_each: not judged (judge the plan instead)',
      'the modules (net) are not read: judge the plan instead',
    ]);
  });
});

test('our own Terraform flavor is clean: cdktf output folder and its cdk.tf.json', () => {
  const outdir = path.join(dir, 'cdktf.out');
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'Shop');
  new tf.AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new tf.HighlyAvailableService(stack, 'Api', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], cache: true });
  app.synth();
  const out: string[] = [];
  expect(runCheckCommand(['check', outdir], (s) => out.push(s))).toBe(0);
  expect(out.join('\n')).toMatch(/^0 errors, 0 warnings in 1 template: .*stacks\/Shop\/cdk\.tf\.json$/m);
  // Every tier was read: the rules saw the group, the load balancer, the database and the cache.
  const [input] = readInputs(path.join(outdir, 'stacks', 'Shop', 'cdk.tf.json')).inputs;
  const types = new Set(Object.values(input.template.Resources!).map((r) => r.Type));
  for (const type of ['AWS::AutoScaling::AutoScalingGroup', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::EC2::Route']) {
    expect(types).toContain(type);
  }
  expect(assessTemplate(input.template, { format: SourceFormat.TERRAFORM }).notJudged).toEqual([]);
});

test("the provider attributes read exist in the provider's schema (the types the flavor's schema extract has)", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'tf', 'aws-provider-schema.json'), 'utf8'));
  const read: Record<string, string[]> = {
    aws_autoscaling_group: ['min_size', 'max_size', 'desired_capacity', 'vpc_zone_identifier', 'availability_zones', 'target_group_arns', 'load_balancers',
      'health_check_type', 'health_check_grace_period', 'launch_configuration', 'launch_template', 'mixed_instances_policy',
      'instance_maintenance_policy.min_healthy_percentage', 'instance_refresh.preferences.min_healthy_percentage'],
    aws_lb: ['subnets', 'subnet_mapping.subnet_id', 'load_balancer_type'],
    aws_lb_target_group: ['protocol', 'target_type', 'deregistration_delay', 'health_check.enabled', 'health_check.path', 'health_check.protocol', 'health_check.interval', 'health_check.unhealthy_threshold'],
    aws_lb_listener: ['load_balancer_arn', 'default_action'],
    aws_db_instance: ['engine', 'multi_az', 'backup_retention_period', 'deletion_protection', 'replicate_source_db', 'skip_final_snapshot'],
    aws_rds_cluster: ['engine', 'engine_mode', 'backup_retention_period', 'deletion_protection', 'db_cluster_instance_class', 'replication_source_identifier', 'skip_final_snapshot'],
    aws_rds_cluster_instance: ['cluster_identifier', 'availability_zone', 'engine'],
    aws_elasticache_replication_group: ['automatic_failover_enabled', 'multi_az_enabled', 'preferred_cache_cluster_azs', 'num_cache_clusters'],
    aws_autoscaling_schedule: ['autoscaling_group_name', 'min_size', 'max_size', 'desired_capacity', 'recurrence', 'start_time'],
    aws_subnet: ['availability_zone', 'availability_zone_id', 'vpc_id'],
    aws_nat_gateway: ['subnet_id'],
    aws_route: ['route_table_id', 'destination_cidr_block', 'nat_gateway_id'],
    aws_route_table: ['vpc_id', 'route.cidr_block', 'route.nat_gateway_id'],
    aws_route_table_association: ['subnet_id', 'route_table_id'],
    aws_route53_record: ['zone_id', 'name', 'type', 'set_identifier', 'health_check_id', 'failover_routing_policy.type', 'alias.evaluate_target_health'],
  };
  const missing: string[] = [];
  for (const [type, paths] of Object.entries(read)) {
    for (const p of paths) {
      let node = schema.resources[type];
      for (const part of p.split('.')) node = node?.arguments?.[part];
      if (node === undefined) missing.push(`${type}.${p}`);
    }
  }
  expect(missing).toEqual([]);
});

test('a cache cluster that joins a replication group is judged with its group', () => {
  const t = fromTerraformConfig({
    terraform: {},
    resource: {
      aws_elasticache_replication_group: { main: { description: 'm', automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 2 } },
      aws_elasticache_cluster: { extra: { cluster_id: 'extra', replication_group_id: '${aws_elasticache_replication_group.main.id}' } },
    },
  });
  expect(assessTemplate(t.template, { format: SourceFormat.TERRAFORM }).violations.filter((v) => v.ruleId.startsWith('HA-EC'))).toEqual([]);
});

test('for_each keys are kept through references: each route goes into the table of its own key', () => {
  const zones: Record<string, string> = { a: 'eu-west-1a', b: 'eu-west-1b' };
  const keyed = (type: string, name: string, values: (k: string) => Record<string, unknown>) =>
    Object.keys(zones).map((k) => planned(`${type}.${name}["${k}"]`, type, values(k)));
  const resources = [
    ...keyed('aws_subnet', 'private', (k) => ({ availability_zone: zones[k] })),
    ...keyed('aws_route_table', 'private', () => ({})),
    ...keyed('aws_route_table_association', 'private', () => ({})),
    ...keyed('aws_route', 'nat', () => ({ destination_cidr_block: '0.0.0.0/0' })),
    planned('aws_subnet.public', 'aws_subnet', { availability_zone: 'eu-west-1a' }),
    planned('aws_nat_gateway.one', 'aws_nat_gateway', {}),
  ];
  const p = {
    format_version: '1.2',
    planned_values: { root_module: { resources } },
    resource_changes: resources.map((r) => change(r.address, r.type, { subnet_id: true, route_table_id: true, nat_gateway_id: true })),
    configuration: {
      root_module: {
        resources: [
          configured('aws_nat_gateway.one', 'aws_nat_gateway', { subnet_id: { references: ['aws_subnet.public.id', 'aws_subnet.public'] } }),
          configured('aws_route_table_association.private', 'aws_route_table_association', {
            subnet_id: { references: ['aws_subnet.private', 'each.key'] }, route_table_id: { references: ['aws_route_table.private', 'each.key'] },
          }),
          configured('aws_route.nat', 'aws_route', {
            route_table_id: { references: ['aws_route_table.private', 'each.key'] }, nat_gateway_id: { references: ['aws_nat_gateway.one.id', 'aws_nat_gateway.one'] },
          }),
        ],
      },
    },
  };
  const { violations } = assessTemplate(fromTerraformPlan(p).template, { format: SourceFormat.TERRAFORM });
  expect(violations.filter((v) => v.ruleId.startsWith('HA-NET')).map((v) => `${v.ruleId}@${v.logicalId}`)).toEqual(['HA-NET1@aws_route.nat["b"]', 'HA-NET2@aws_nat_gateway.one']);
});

test('an alarm of an existing stack names what it watches by its dimension values: identifier, ARN suffix', () => {
  const resources = [
    planned('aws_db_instance.main', 'aws_db_instance', {
      id: 'db-JOKXESLHTSYNAKGXOIGO2HZFEI', identifier: 'orders', engine: 'postgres', multi_az: true, backup_retention_period: 7, deletion_protection: true, skip_final_snapshot: false,
    }),
    planned('aws_lb.web', 'aws_lb', { id: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188', arn_suffix: 'app/web/50dc6c495c0c9188', subnets: [] }),
    planned('aws_cloudwatch_metric_alarm.db', 'aws_cloudwatch_metric_alarm', { id: 'db-cpu', dimensions: { DBInstanceIdentifier: 'orders' } }),
    planned('aws_cloudwatch_metric_alarm.lb', 'aws_cloudwatch_metric_alarm', { id: 'lb-5xx', dimensions: { LoadBalancer: 'app/web/50dc6c495c0c9188' } }),
  ];
  const p = { format_version: '1.2', planned_values: { root_module: { resources } }, resource_changes: [], configuration: { root_module: { resources: [] } } };
  const alarmFindings = (q: typeof p) => assessTemplate(fromTerraformPlan(q).template, { format: SourceFormat.TERRAFORM }).violations.filter((v) => v.ruleId === 'HA-ALARM1');
  expect(alarmFindings(p)).toEqual([]);
  const unwatched = { ...p, planned_values: { root_module: { resources: resources.slice(0, 2) } } };
  expect(alarmFindings(unwatched).map((v) => v.logicalId).sort()).toEqual(['aws_db_instance.main', 'aws_lb.web']);
});

describe('an ECS service behind a target group (load_balancer blocks, as AWS::ECS::Service LoadBalancers)', () => {
  // A target group with the default health check (30 s x 2) and deregistration delay (300 s),
  // forwarded to by a listener; an ECS service registers its tasks with it.
  const LB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/web/1';
  const tfConfig = (opts: { service: boolean; groupOfOne?: boolean; controller?: string }) => ({
    terraform: {},
    resource: {
      aws_lb_target_group: { api: { port: 8080, protocol: 'HTTP', target_type: 'ip', vpc_id: 'vpc-1' } },
      aws_lb_listener: { http: { load_balancer_arn: LB_ARN, default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.api.arn}' }] } },
      ...(opts.groupOfOne ? { aws_autoscaling_group: { one: { min_size: 1, max_size: 1, vpc_zone_identifier: ['subnet-a'], target_group_arns: ['${aws_lb_target_group.api.arn}'], launch_template: { id: 'lt-1' } } } } : {}),
      ...(opts.service ? {
        aws_ecs_service: {
          api: {
            name: 'api',
            desired_count: 2,
            network_configuration: { subnets: ['subnet-a', 'subnet-b'] },
            load_balancer: [{ target_group_arn: '${aws_lb_target_group.api.arn}', container_name: 'api', container_port: 8080 }],
            ...(opts.controller
              ? { deployment_controller: { type: opts.controller } }
              : { deployment_circuit_breaker: { enable: true, rollback: true } }),
          },
        },
      } : {}),
    },
  });
  const cfn = {
    Resources: {
      Api: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 8080, Protocol: 'HTTP', TargetType: 'ip', VpcId: 'vpc-1' } },
      Http: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: LB_ARN, DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Api' } }] } },
      Service: {
        Type: 'AWS::ECS::Service',
        Properties: {
          DesiredCount: 2,
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-b'] } },
          LoadBalancers: [{ TargetGroupArn: { Ref: 'Api' }, ContainerName: 'api', ContainerPort: 8080 }],
          DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
        },
      },
    },
  };
  const onGroup = (template: any, id: string, format?: SourceFormat) =>
    assessTemplate(template, format === undefined ? {} : { format }).violations.filter((v) => v.logicalId === id).map((v) => v.ruleId).sort();

  test('the target group is judged as in CloudFormation: default path, slow detection, default delay', () => {
    const fromTf = onGroup(fromTerraformConfig(tfConfig({ service: true })).template, 'aws_lb_target_group.api', SourceFormat.TERRAFORM);
    expect(fromTf).toEqual(['HA-ELB2', 'HA-ELB3', 'HA-ELB4']);
    expect(fromTf).toEqual(onGroup(cfn, 'Api'));
    // Without the service, only a listener routes to it: a placeholder, not judged.
    expect(onGroup(fromTerraformConfig(tfConfig({ service: false })).template, 'aws_lb_target_group.api', SourceFormat.TERRAFORM)).toEqual([]);
  });

  test("a group of one behind the same target group is not its only target: the service's tasks are others", () => {
    // The group alone: one target and no room for another, detection speed changes nothing.
    expect(onGroup(fromTerraformConfig(tfConfig({ service: false, groupOfOne: true })).template, 'aws_lb_target_group.api', SourceFormat.TERRAFORM)).not.toContain('HA-ELB3');
    expect(onGroup(fromTerraformConfig(tfConfig({ service: true, groupOfOne: true })).template, 'aws_lb_target_group.api', SourceFormat.TERRAFORM)).toContain('HA-ELB3');
  });

  test('a plan: the target group by its ARN, the unused elb_name ("") left out', () => {
    const arn = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/api/0123456789abcdef';
    const p = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            planned('aws_lb_target_group.api', 'aws_lb_target_group', { arn, protocol: 'HTTP', target_type: 'ip', deregistration_delay: '300' }),
            planned('aws_ecs_service.api', 'aws_ecs_service', {
              desired_count: 2,
              scheduling_strategy: 'REPLICA',
              launch_type: '',
              deployment_controller: [{ type: 'ECS' }],
              load_balancer: [{ container_name: 'api', container_port: 8080, elb_name: '', target_group_arn: arn, advanced_configuration: [] }],
            }),
          ],
        },
      },
      resource_changes: [],
    };
    const service = fromTerraformPlan(p).template.Resources!['aws_ecs_service.api'];
    expect(service.Properties!.LoadBalancers).toEqual([{ TargetGroupArn: { Ref: 'aws_lb_target_group.api' }, ContainerName: 'api', ContainerPort: 8080 }]);
  });

  test('a blue/green service (deployment_controller CODE_DEPLOY) needs no circuit breaker, as in CloudFormation', () => {
    const violations = assessTemplate(fromTerraformConfig(tfConfig({ service: true, controller: 'CODE_DEPLOY' })).template, { format: SourceFormat.TERRAFORM }).violations;
    expect(violations.map((v) => v.ruleId)).not.toContain('HA-ECS2');
    const withEcs = assessTemplate(fromTerraformConfig(tfConfig({ service: true, controller: 'ECS' })).template, { format: SourceFormat.TERRAFORM }).violations;
    expect(withEcs.filter((v) => v.ruleId === 'HA-ECS2').map((v) => v.message)).toEqual(['the deployment circuit breaker is off']);
  });
});
