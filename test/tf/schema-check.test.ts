import { checkTerraformJson, constraintProblem, isWholeExpression, loadSchema, referencesIn, suggestedConstraint } from './schema-check';

/** A small configuration in the shape cdktf synthesizes (cdk.tf.json), valid against the schema. */
function validConfig(): any {
  return {
    '//': { metadata: { backend: 'local', stackName: 'web', version: '0.21.0' } },
    'terraform': {
      required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } },
      backend: { local: { path: 'terraform.web.tfstate' } },
    },
    'provider': { aws: [{ region: 'eu-west-1', default_tags: [{ tags: { service: 'web' } }] }] },
    'data': {
      aws_availability_zones: { azs: { 'state': 'available', '//': { metadata: { path: 'web/azs' } } } },
    },
    'resource': {
      aws_vpc: { main: { cidr_block: '10.0.0.0/16', enable_dns_hostnames: true, tags: { Name: 'web' } } },
      aws_subnet: {
        a: {
          vpc_id: '${aws_vpc.main.id}',
          cidr_block: '10.0.0.0/24',
          availability_zone: '${data.aws_availability_zones.azs.names[0]}',
          map_public_ip_on_launch: false,
        },
      },
      aws_lb_target_group: {
        web: {
          name: 'web',
          port: 80,
          protocol: 'HTTP',
          vpc_id: '${aws_vpc.main.id}',
          deregistration_delay: '30',
          health_check: { path: '/health', matcher: '200', interval: 10, healthy_threshold: 2 },
        },
      },
      aws_launch_template: {
        web: {
          name_prefix: 'web-',
          image_id: 'ami-12345678',
          instance_type: 't3.micro',
          block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_size: 20, volume_type: 'gp3' } }],
          metadata_options: { http_tokens: 'required' },
        },
      },
      aws_autoscaling_group: {
        web: {
          min_size: 2,
          max_size: 4,
          vpc_zone_identifier: ['${aws_subnet.a.id}'],
          target_group_arns: ['${aws_lb_target_group.web.arn}'],
          launch_template: { id: '${aws_launch_template.web.id}', version: '$Latest' },
          tag: [
            { key: 'Name', value: 'web', propagate_at_launch: true },
            { key: 'service', value: 'web', propagate_at_launch: false },
          ],
          depends_on: ['aws_subnet.a'],
          lifecycle: { create_before_destroy: true },
        },
      },
    },
  };
}

/** validConfig() changed by `mutate`. */
function withChange(mutate: (c: any) => void): any {
  const c = validConfig();
  mutate(c);
  return c;
}

describe('the extracted schema', () => {
  const schema = loadSchema();

  test('records where it came from', () => {
    expect(schema.source).toMatchObject({
      bindings_package: '@cdktf/provider-aws',
      bindings_version: '21.22.1',
      provider_source: 'registry.terraform.io/hashicorp/aws',
      provider_version: '6.25.0',
    });
    expect(suggestedConstraint(schema)).toBe('~> 6.25');
    expect(schema.missing).toEqual([]);
    expect(Object.keys(schema.resources)).toHaveLength(73);
    expect(schema.resources.aws_synthetics_canary).toBeDefined();
    // The automatic zonal shift's and the gray-failure experiment's types.
    expect(Object.keys(schema.resources)).toEqual(expect.arrayContaining([
      'aws_lambda_function', 'aws_lambda_permission', 'aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target', 'aws_ssm_document',
    ]));
    expect(Object.keys(schema.data_sources).sort()).toEqual([
      'aws_availability_zones', 'aws_caller_identity', 'aws_elb_service_account', 'aws_partition', 'aws_region', 'aws_ssm_parameter', 'aws_vpc',
    ]);
  });

  test('keeps the kinds the bindings serialize, including the surprising strings', () => {
    const r = schema.resources;
    expect(r.aws_lb_target_group.arguments.deregistration_delay).toEqual({ type: 'string' });
    expect(r.aws_lb_target_group.arguments.port).toEqual({ type: 'number' });
    const bdm = r.aws_launch_template.arguments.block_device_mappings as any;
    expect(bdm.nesting).toBe('list');
    expect(bdm.arguments.ebs).toMatchObject({ nesting: 'list', max_items: 1 });
    expect(bdm.arguments.ebs.arguments.encrypted).toEqual({ type: 'string' });
    expect(r.aws_autoscaling_group.arguments.vpc_zone_identifier).toEqual({ type: 'set(string)' });
    expect(r.aws_autoscaling_group.arguments.max_size).toEqual({ type: 'number', required: true });
    expect(r.aws_elasticache_replication_group.arguments.at_rest_encryption_enabled).toEqual({ type: 'string' });
    expect(r.aws_security_group.arguments.ingress).toMatchObject({ nesting: 'set', as_attribute: true });
    expect(r.aws_lb_listener.arguments.default_action).toMatchObject({ nesting: 'list', min_items: 1 });
  });
});

describe('checkTerraformJson', () => {
  test('a valid configuration has no problems', () => {
    expect(checkTerraformJson(validConfig())).toEqual([]);
  });

  test('unknown argument', () => {
    const c = withChange(x => {
      const vpc = x.resource.aws_vpc.main;
      vpc.cidr = vpc.cidr_block;
      delete vpc.cidr_block;
    });
    expect(checkTerraformJson(c)).toEqual(['aws_vpc.main: argument "cidr" is not an argument of aws_vpc (did you mean "cidr_block"?)']);
  });

  test('unknown argument in a nested block', () => {
    const c = withChange(x => {
      x.resource.aws_launch_template.web.block_device_mappings[0].ebs.encrypt = 'true';
    });
    expect(checkTerraformJson(c)).toEqual([
      'aws_launch_template.web: argument "block_device_mappings[0].ebs.encrypt" is not an argument of aws_launch_template block '
      + '"block_device_mappings[0].ebs" (did you mean "block_device_mappings[0].ebs.encrypted"?)',
    ]);
  });

  test('missing required argument', () => {
    const c = withChange(x => delete x.resource.aws_autoscaling_group.web.max_size);
    expect(checkTerraformJson(c)).toEqual(['aws_autoscaling_group.web: argument "max_size" is required and is missing (a number)']);
  });

  test('missing required argument in a block', () => {
    const c = withChange(x => delete x.resource.aws_autoscaling_group.web.tag[1].propagate_at_launch);
    expect(checkTerraformJson(c)).toEqual(['aws_autoscaling_group.web: argument "tag[1].propagate_at_launch" is required and is missing (a bool (true or false))']);
  });

  test('number where the bindings write a string', () => {
    const c = withChange(x => {
      x.resource.aws_lb_target_group.web.deregistration_delay = 30;
    });
    expect(checkTerraformJson(c)).toEqual(['aws_lb_target_group.web: argument "deregistration_delay" must be a string, got number 30']);
  });

  test('bool where the bindings write a string', () => {
    const c = withChange(x => {
      x.resource.aws_launch_template.web.block_device_mappings[0].ebs.encrypted = true;
    });
    expect(checkTerraformJson(c)).toEqual(['aws_launch_template.web: argument "block_device_mappings[0].ebs.encrypted" must be a string, got boolean true']);
  });

  test('strings of digits are not numbers, and primitives are not lists (stricter than Terraform)', () => {
    const c = withChange(x => {
      x.resource.aws_lb_target_group.web.port = '80';
      x.resource.aws_autoscaling_group.web.vpc_zone_identifier = 'subnet-1';
    });
    expect(checkTerraformJson(c)).toEqual([
      'aws_lb_target_group.web: argument "port" must be a number, got string "80"',
      'aws_autoscaling_group.web: argument "vpc_zone_identifier" must be a set(string) (a JSON list), got string "subnet-1"',
    ]);
  });

  test('a whole ${...} expression fits any primitive, list or map slot, a template string only a string slot', () => {
    const ok = withChange(x => {
      x.resource.aws_lb_target_group.web.port = '${var.port}';
      x.resource.aws_autoscaling_group.web.vpc_zone_identifier = '${aws_subnet.a[*].id}';
      x.resource.aws_vpc.main.tags = '${merge(local.tags, { Name = "web" })}';
    });
    expect(checkTerraformJson(ok)).toEqual([]);
    const template = withChange(x => {
      x.resource.aws_lb_target_group.web.port = '${var.port}0';
    });
    expect(checkTerraformJson(template)).toEqual(['aws_lb_target_group.web: argument "port" must be a number, got string "${var.port}0"']);
  });

  test('string where a block is wanted', () => {
    const c = withChange(x => {
      x.resource.aws_autoscaling_group.web.launch_template = '${aws_launch_template.web.id}';
    });
    expect(checkTerraformJson(c)).toEqual([
      'aws_autoscaling_group.web: argument "launch_template" must be a block (an object, or a list of at most one object), '
      + 'got string "${aws_launch_template.web.id}"; a block cannot be set from an expression, use a dynamic block',
    ]);
  });

  test('a single block may be an object or a list of one object, but not a list of two', () => {
    const one = withChange(x => {
      x.resource.aws_autoscaling_group.web.launch_template = [x.resource.aws_autoscaling_group.web.launch_template];
    });
    expect(checkTerraformJson(one)).toEqual([]);
    const two = withChange(x => {
      const lt = x.resource.aws_autoscaling_group.web.launch_template;
      x.resource.aws_autoscaling_group.web.launch_template = [lt, { ...lt, version: '1' }];
    });
    expect(checkTerraformJson(two)).toEqual(['aws_autoscaling_group.web: argument "launch_template" allows at most 1 block, got a list of 2']);
  });

  test('missing required block', () => {
    const c = withChange(x => {
      x.resource.aws_lb_listener = { http: { load_balancer_arn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/web/1', port: 80 } };
    });
    expect(checkTerraformJson(c)).toEqual(['aws_lb_listener.http: argument "default_action" is a required block and is missing (at least 1)']);
  });

  test('attributes as blocks need every attribute of each object', () => {
    const rule = { from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] };
    const full = { ...rule, description: null, ipv6_cidr_blocks: null, prefix_list_ids: null, security_groups: null, self: null };
    const ok = withChange(x => {
      x.resource.aws_security_group = { web: { vpc_id: '${aws_vpc.main.id}', ingress: [full] } };
    });
    expect(checkTerraformJson(ok)).toEqual([]);
    const partial = withChange(x => {
      x.resource.aws_security_group = { web: { vpc_id: '${aws_vpc.main.id}', ingress: [rule] } };
    });
    expect(checkTerraformJson(partial)).toEqual([
      'aws_security_group.web: argument "ingress[0]" must set every attribute of the object (null where unused); '
      + 'missing "description", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups", "self"',
    ]);
  });

  test('dynamic blocks are checked against the block they generate', () => {
    const c = withChange(x => {
      const asg = x.resource.aws_autoscaling_group.web;
      delete asg.tag;
      asg.dynamic = { tag: { for_each: '${var.tags}', content: { key: '${tag.key}', value: '${tag.value}', propagate: true } } };
    });
    expect(checkTerraformJson(c)).toEqual([
      'aws_autoscaling_group.web: argument "dynamic.tag.content.propagate" is not an argument of aws_autoscaling_group block "dynamic.tag.content" '
      + '(did you mean "dynamic.tag.content.propagate_at_launch"?)',
      'aws_autoscaling_group.web: argument "dynamic.tag.content.propagate_at_launch" is required and is missing (a bool (true or false))',
    ]);
  });

  test('reference to an undeclared resource or data source', () => {
    const c = withChange(x => {
      x.resource.aws_subnet.a.vpc_id = '${aws_vpc.other.id}';
      x.resource.aws_subnet.a.availability_zone = '${element(data.aws_availability_zones.zones.names, 0)}';
      x.resource.aws_autoscaling_group.web.depends_on = ['aws_subnet.b'];
    });
    expect(checkTerraformJson(c)).toEqual([
      'aws_subnet.a: argument "vpc_id" refers to aws_vpc.other, which is not declared in this configuration',
      'aws_subnet.a: argument "availability_zone" refers to data.aws_availability_zones.zones, which is not declared in this configuration',
      'aws_autoscaling_group.web: argument "depends_on[0]" refers to aws_subnet.b, which is not declared in this configuration',
    ]);
  });

  test('unknown resource and data source types', () => {
    const c = withChange(x => {
      x.resource.aws_load_balancer = { web: { name: 'web' } };
      x.data.aws_availability_zone = { a: { name: 'eu-west-1a' } };
    });
    expect(checkTerraformJson(c)).toEqual([
      'aws_load_balancer.web: unknown resource type "aws_load_balancer" (not in the schema extracted from registry.terraform.io/hashicorp/aws 6.25.0; '
      + 'add it to scripts/tf-schema/extract.ts and re-extract if it is meant to be used)',
      'data.aws_availability_zone.a: unknown data source type "aws_availability_zone" (not in the schema extracted from registry.terraform.io/hashicorp/aws 6.25.0; '
      + 'add it to scripts/tf-schema/extract.ts and re-extract if it is meant to be used)',
    ]);
  });

  test('missing required_providers pin', () => {
    const none = withChange(x => delete x.terraform.required_providers);
    expect(checkTerraformJson(none)).toEqual([
      'terraform.required_providers: no "aws" entry; pin source "hashicorp/aws" with a version constraint such as "~> 6.25"',
    ]);
    const noVersion = withChange(x => delete x.terraform.required_providers.aws.version);
    expect(checkTerraformJson(noVersion)).toEqual([
      'terraform.required_providers: "aws.version" must be a version constraint such as "~> 6.25", got nothing',
    ]);
    const otherSource = withChange(x => {
      x.terraform.required_providers.aws.source = 'someone/aws';
    });
    expect(checkTerraformJson(otherSource)).toEqual(['terraform.required_providers: "aws.source" must be "hashicorp/aws", got string "someone/aws"']);
  });

  test('the aws pin must admit the schema\'s provider version and be bounded', () => {
    const old = withChange(x => {
      x.terraform.required_providers.aws.version = '~> 5.0';
    });
    expect(checkTerraformJson(old)).toEqual([
      'terraform.required_providers: "aws.version" "~> 5.0" does not allow 6.25.0, the provider version the schema was extracted from',
    ]);
    expect(constraintProblem('>= 6.0', '6.25.0')).toBe('">= 6.0" has no upper bound; pin a major version (e.g. "~> 6.25")');
    expect(constraintProblem('~> 6.25', '6.25.0')).toBeUndefined();
    expect(constraintProblem('~> 6.25.1', '6.25.0')).toMatch(/does not allow/);
    expect(constraintProblem('~> 6.24.0', '6.25.0')).toMatch(/does not allow/);
    expect(constraintProblem('>= 6.20, < 7.0', '6.25.0')).toBeUndefined();
    expect(constraintProblem('6.25.0', '6.25.0')).toBeUndefined();
    expect(constraintProblem('latest', '6.25.0')).toBe('"latest" is not a Terraform version constraint');
  });

  test('meta-arguments and cdktf metadata are ignored, the provider block is checked', () => {
    const c = withChange(x => {
      Object.assign(x.resource.aws_vpc.main, { 'count': 1, 'provider': 'aws.west', '//': { metadata: {} } });
      x.provider.aws[0].regoin = 'eu-west-1';
    });
    expect(checkTerraformJson(c)).toEqual(['provider.aws: argument "regoin" is not an argument of the aws provider (did you mean "region"?)']);
  });
});

describe('expression helpers', () => {
  test('isWholeExpression', () => {
    expect(isWholeExpression('${aws_vpc.main.id}')).toBe(true);
    expect(isWholeExpression('${jsonencode({ a = "}" })}')).toBe(true);
    expect(isWholeExpression('${a}-${b}')).toBe(false);
    expect(isWholeExpression('arn:${x}')).toBe(false);
    expect(isWholeExpression('30')).toBe(false);
  });

  test('referencesIn', () => {
    expect(referencesIn('${aws_subnet.a[0].id}-${data.aws_region.current.name}')).toEqual(['aws_subnet.a', 'data.aws_region.current']);
    expect(referencesIn('${format("%s", "aws_vpc.main.id")} $${aws_vpc.literal.id} ${var.aws_x.y} ${local.aws_y.z}')).toEqual([]);
    expect(referencesIn('${join(",", ["${aws_lb.web.arn}"])}')).toEqual(['aws_lb.web']);
    expect(referencesIn('aws_vpc.main.id')).toEqual([]);
  });
});
