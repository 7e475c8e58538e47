import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { CfnResource, Stack, Validations, cx_api as cxapi } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { HighlyAvailableService } from '../src';
import { cfnLint } from './cfn-lint';
import { cfnResources } from './lifecycle';
import { COMPLIANCE_MATRIX, LONG_ID, LONG_STACK_NAME, buildComplianceMatrix } from './matrices';
import { AZ_CONTEXT, ENV, printedOnConsole, testApp } from './util';
import { checkResource, ruledTypes } from '../src/core/aws/deployment-rules';
import { RELEASE_RESOURCE_TYPE, lifecycleFindings, referencedIds, rollbackWalk } from '../src/core/aws/lifecycle';
import { serviceNamePrefix, shortName } from '../src/core/base/naming';
import { RELEASE_TAG_KEY } from '../src/core/tiers/rollback-release';
import { KNOWN_PROPS } from '../src/service/private/known-props';

/** The type each kind of release on rollback releases. */
const RELEASED_TYPES: Record<string, string> = {
  loadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  databaseCluster: 'AWS::RDS::DBCluster',
  databaseInstance: 'AWS::RDS::DBInstance',
  autoScalingGroup: 'AWS::AutoScaling::AutoScalingGroup',
};

/**
 * Full synthesis with cdk-nag AwsSolutions and the CloudFormation validate plugin, whose findings
 * are errors here (@aws-cdk/core:validateAgainstDefaultRules): any unacknowledged finding throws.
 */
function synthWithChecks(build: (stack: Stack) => void): string[] {
  const app = testApp({ context: { ...AZ_CONTEXT, '@aws-cdk/core:validateAgainstDefaultRules': true } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Compliance', { env: ENV });
  build(stack);
  return violations(app.synth());
}

/**
 * The unacknowledged violations of a synthesized app, from its validation report. The report, not
 * the absence of an exception, is the proof: the cfn-guard plugin reports some Control Tower
 * violations as a success, which does not fail synthesis.
 */
function violations(assembly: cxapi.CloudAssembly): string[] {
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  return (report.pluginReports as any[]).flatMap((p) => (p.violations as any[]).flatMap((v) =>
    (v.violatingConstructs as any[]).map((c) => `${p.pluginName}:${v.ruleName}@${c.constructPath}`)));
}


const CONTROL_TOWER_RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

/** Every Control Tower rule file, with the resource types it names. */
function controlTowerRuleFiles(dir = CONTROL_TOWER_RULES): Array<{ file: string; types: string[] }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return controlTowerRuleFiles(full);
    if (!entry.name.endsWith('.guard')) return [];
    return [{ file: full, types: [...new Set(fs.readFileSync(full, 'utf8').match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? [])] }];
  });
}

/**
 * The Control Tower plugin, reading only the rules that name a resource type the app has: a rule
 * selects the resources it checks by type, so the others cannot fire, and cfn-guard's time grows
 * with every rule and resource it reads. The plugin keeps its name, and so its acknowledgements.
 */
function controlTowerChecks(app: IConstruct): CfnGuardValidator {
  const types = new Set(app.node.findAll().filter(CfnResource.isCfnResource).map((r) => r.cfnResourceType));
  const rules = controlTowerRuleFiles().filter((r) => r.types.some((t) => types.has(t))).map((r) => r.file);
  return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer: 64 * 1024 * 1024 });
}

/** Every acknowledgement in the tree: the metadata entries map a qualified rule id to its reason. */
function acknowledgements(root: IConstruct): Array<{ id: string; reason: string; path: string }> {
  return root.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason, path: c.node.path }))));
}

/** The rules each acknowledgement names, with the construct it sits on, for one service. */
function acknowledged(root: IConstruct, namespace: string): string[] {
  return acknowledgements(root).filter((a) => a.id.startsWith(`${namespace}::`)).map((a) => a.id.slice(namespace.length + 2)).sort();
}

/** Removes every acknowledgement below a scope, so the checks see the bare service. */
function stripAcknowledgements(scope: IConstruct): void {
  for (const c of scope.node.findAll()) {
    const kept = c.node.metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    (c.node as any)._metadata = kept;
  }
}

const DEFAULT_NAG_ACKS = [
  'AwsSolutions-EC23',
  'AwsSolutions-EC26',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
  // Once for the launch hook (instance role), once for the experiments' role, once for the release on rollback's VPC attachment.
  'AwsSolutions-IAM5[Resource::*]',
  'AwsSolutions-IAM5[Resource::*]',
  'AwsSolutions-IAM5[Resource::*]',
  // The launch hook's; the group's release (the group named by its tag).
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-acl/*]',
  // The load balancer's and the cluster's releases: each names its resource by its tag, not its ARN (the function must exist before them).
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:elasticloadbalancing:<AWS::Region>:<AWS::AccountId>:loadbalancer/app/*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster:*]',
  // The release function's python3.14: the newest runtime Lambda accepts, older than aws-cdk-lib's newest name.
  'AwsSolutions-L1',
  'AwsSolutions-S1',
];
const DEFAULT_CONTROL_ACKS = [
  'alb_http_to_https_redirection_check',
  's3_bucket_default_encryption_kms_check',
  's3_bucket_logging_enabled_check',
  's3_bucket_object_lock_enabled_check',
];

describe('compliance: every engine and topology, with cdk-nag AwsSolutions and AWS Control Tower', () => {
  const app = testApp({ context: { ...AZ_CONTEXT, '@aws-cdk/core:validateAgainstDefaultRules': true } });
  // Names at their limits deploy the first time: a 110-character stack name, and FullyConfigured under a long construct id.
  const stack = new Stack(app, 'Matrix', { env: ENV, stackName: LONG_STACK_NAME });
  const second = new Stack(app, 'MatrixTuned', { env: ENV });
  const services = buildComplianceMatrix(stack, second);
  /** Both stacks' templates, by stack name. */
  const templates = (): Record<string, any> => Object.fromEntries([stack, second].map((s) =>
    [s.stackName, app.synth().getStackByName(s.stackName).template]));
  const allResources = () => Object.values(templates()).flatMap((t) => Object.values<any>(t.Resources));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), controlTowerChecks(app));

  test('synthesis passes every check, with no unacknowledged violation in the report', () => {
    expect(violations(app.synth())).toEqual([]);
  });

  test('the default service makes exactly these acknowledgements, each with its specific reason', () => {
    expect(acknowledged(services.Default, 'AwsSolutions')).toEqual(DEFAULT_NAG_ACKS);
    expect(acknowledged(services.Default, 'cdk-validator-cfnguard')).toEqual(DEFAULT_CONTROL_ACKS);
    for (const a of acknowledgements(services.Default)) expect(a.reason.length).toBeGreaterThan(60);
    // Control Tower acknowledgements name the control they stand for.
    for (const a of acknowledgements(services.Default).filter((x) => x.id.startsWith('cdk-validator-cfnguard::'))) {
      expect(a.reason).toMatch(/^CT\.[A-Z0-9]+\.PR\.\d+: /);
    }
  });

  test('cfn-lint finds nothing in the template but what its documented ignores accept (one process for the whole matrix)', () => {
    const { findings, ignored } = cfnLint(templates(), ENV.region);
    expect(findings).toEqual([]);
    // The ignores are still needed: the refresh policy, the looked-up AZs, the major-only engine versions.
    expect(Object.keys(ignored).sort()).toEqual(['E3016', 'E3691', 'W3010', 'W3690', 'W3691']);
  });

  test('every resource keeps the deployment rules, and the matrix has every type they rule', () => {
    expect(stack.stackName).toHaveLength(110);
    const resources = allResources();
    expect(resources.flatMap((r) => checkResource('cloudFormation', r.Type, r.Properties).map((f) => f.message))).toEqual([]);
    const types = new Set(resources.map((r) => r.Type));
    expect(ruledTypes('cloudFormation').filter((t) => !types.has(t))).toEqual([]);
  });

  test('every resource goes through the lifecycle table: a failed first create rolls back (or stops only where a documented step says), a teardown completes, a recreate with the same ids succeeds', () => {
    for (const template of Object.values(templates())) {
      expect(lifecycleFindings('cloudFormation', cfnResources(template)).map((f) => f.message)).toEqual([]);
    }
    // The matrix holds the kept resources whose names could outlive it: the WAF log groups, the MySQL option group.
    const kept = Object.values(templates()).flatMap((t) => cfnResources(t)).filter((r) => r.deletionPolicy === 'Retain').map((r) => r.type);
    expect(new Set(kept)).toEqual(new Set(['AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::RDS::OptionGroup']));
  });

  test('each protected resource has its release on rollback, which depends only on its resource and the function; the protected resources wait for the function', () => {
    let loadBalancerReleases = 0;
    for (const template of Object.values(templates())) {
      const resources = cfnResources(template);
      const releases = resources.filter((r) => r.type === RELEASE_RESOURCE_TYPE);
      const typeOf = (id: string) => template.Resources[id].Type;
      for (const rel of releases) {
        const deps = [...new Set([...referencedIds(rel.properties), ...(rel.dependsOn ?? [])])].map(typeOf).sort();
        expect({ rel: rel.id, deps }).toEqual({ rel: rel.id, deps: ['AWS::Lambda::Function', RELEASED_TYPES[rel.properties.Target as string]].sort() });
      }
      // Every service of the matrix: its load balancer, its database (cluster or instance) and its group, each released once.
      const released = releases.map((rel) => referencedIds(rel.properties.Resource)[0]).sort();
      const protectedIds = resources.filter((r) => Object.values(RELEASED_TYPES).includes(r.type)
        && (r.type !== 'AWS::RDS::DBInstance' || r.properties.DBClusterIdentifier === undefined)).map((r) => r.id).sort();
      expect(released).toEqual(protectedIds);
      loadBalancerReleases += releases.filter((r) => r.properties.Target === 'loadBalancer').length;
      // The group's protection is its release's to set, not the template's: a failure of the group's own create rolls back.
      for (const group of resources.filter((r) => r.type === 'AWS::AutoScaling::AutoScalingGroup')) expect(group.properties.DeletionProtection).toBeUndefined();
      for (const rel of releases.filter((r) => r.properties.Target === 'autoScalingGroup')) expect(rel.properties.DeletionProtection).toBe('prevent-all-deletion');
    }
    expect(loadBalancerReleases).toBe(Object.keys(services).length);
  });

  test('each release function may change only its service\'s protected resources, each named by the tag (stack id, logical id) only that resource carries', () => {
    const changing: Record<string, string> = {
      'elasticloadbalancing:ModifyLoadBalancerAttributes': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'rds:ModifyDBCluster': 'AWS::RDS::DBCluster',
      'rds:ModifyDBInstance': 'AWS::RDS::DBInstance',
      'autoscaling:UpdateAutoScalingGroup': 'AWS::AutoScaling::AutoScalingGroup',
    };
    let policyCount = 0;
    for (const template of Object.values(templates())) {
      const policies = Object.entries<any>(template.Resources).filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && /RollbackReleaseRoleDefaultPolicy/.test(id));
      policyCount += policies.length;
      for (const [id, policy] of policies) {
        const service = id.replace(/RollbackReleaseRoleDefaultPolicy.*$/, '');
        for (const st of policy.Properties.PolicyDocument.Statement) {
          const actions: string[] = [st.Action].flat();
          if (actions.some((a) => a in changing)) {
            expect(actions).toHaveLength(1);
            const [[key, value]] = Object.entries<any>(st.Condition.StringEquals);
            expect(value['Fn::Join'][1][0]).toEqual({ Ref: 'AWS::StackId' });
            const named = value['Fn::Join'][1][1];
            // The named resource is this service's, of the action's type, and carries exactly that tag.
            expect({ named, service: named.startsWith(service), type: template.Resources[named].Type })
              .toEqual({ named, service: true, type: changing[actions[0]] });
            expect(key.endsWith(`/${RELEASE_TAG_KEY}`)).toBe(true);
            expect(template.Resources[named].Properties.Tags).toContainEqual(expect.objectContaining({ Key: RELEASE_TAG_KEY, Value: value }));
          } else {
            // Nothing else changes anything: its own stack's status, its network interfaces, its log group.
            expect(actions.every((a) => a === 'cloudformation:DescribeStacks' || /^ec2:(Create|Describe|Delete|Assign|Unassign)/.test(a)
              || /^logs:(CreateLogStream|PutLogEvents)$/.test(a))).toBe(true);
            if (actions[0] === 'cloudformation:DescribeStacks') expect(st.Resource).toEqual({ Ref: 'AWS::StackId' });
          }
        }
      }
    }
    expect(policyCount).toBe(Object.keys(services).length);
  });

  test('the walk of a failed first create: whatever resource of the matrix fails, every protected resource it may find has its release, deleted before it', () => {
    for (const template of Object.values(templates())) expect(rollbackWalk(cfnResources(template)).map((f) => f.message)).toEqual([]);
    // The walk is live here: a load balancer that does not wait for the release function is found.
    const resources = cfnResources(app.synth().getStackByName(stack.stackName).template);
    const isFunction = (id: string) => resources.find((r) => r.id === id)?.type === 'AWS::Lambda::Function';
    const lb = resources.find((r) => r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && (r.dependsOn ?? []).some(isFunction))!;
    const planted = resources.map((r) => (r === lb ? { ...r, dependsOn: (r.dependsOn ?? []).filter((d) => !isFunction(d)) } : r));
    expect(rollbackWalk(planted).map((f) => f.resource)).toEqual([lb.id]);
  });

  test('every prop of the service is set in a configuration that meets the validate rules (the tier tests synthesize without them)', () => {
    const scope = new Stack(testApp(), 'Props');
    const validated = new Set([
      ...Object.values(COMPLIANCE_MATRIX).flatMap((props) => Object.keys(props(scope))),
      // The matrix gives its services the default's VPC; MultiRegionService sets the membership of a global database
      // (service/multi-region.test.ts synthesizes its stacks with the rules, strict).
      'vpc', 'globalDatabase',
    ]);
    expect(Object.keys(KNOWN_PROPS).filter((p) => !validated.has(p))).toEqual([]);
  });

  test('the outlier shift acknowledges two cdk-nag rules, both needed: the unscoped actions of its role, its runtime', () => {
    const service = services.FullyConfigured;
    const fn = service.outlierShiftFunction!;
    const policy = fn.node.scope!.node.findChild('OutlierShiftRole').node.findChild('DefaultPolicy');
    expect([...acknowledged(fn, 'AwsSolutions'), ...acknowledged(policy, 'AwsSolutions')]).toEqual(['AwsSolutions-L1', 'AwsSolutions-IAM5[Resource::*]']);
    // cdk-nag on the parts alone reports what they acknowledge (the acknowledgements act on the report).
    const rules = (c: IConstruct) => new AwsSolutionsChecks().validateScope(c).violations.map((v) => v.ruleName);
    expect(rules(fn)).toEqual(['AwsSolutions-L1']);
    expect(rules(policy)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    // In the VPC and invoked by its rule only: the Control Tower Lambda controls pass without acknowledgement.
    expect(acknowledged(service, 'cdk-validator-cfnguard').filter((id) => /lambda/.test(id))).toEqual([]);
  });

  test('the outlier shift as the plan says: its rule on the ImpairedAz composites, invoked by that rule only, in the private subnets', () => {
    const resources = app.synth().getStackByName(stack.stackName).template.Resources as Record<string, any>;
    const service = services.FullyConfigured;
    const id = (c: IConstruct) => stack.getLogicalId(c as CfnResource);
    const rule = resources[id(service.outlierShiftRule!)].Properties;
    // The alarms carry the service's whole prefix; the function and the rule, 64 characters at most, a shortened one (its hash kept).
    const prefix = serviceNamePrefix(LONG_STACK_NAME, [LONG_ID]);
    const short = (suffix: string) => `${shortName(prefix, 64 - suffix.length)}${suffix}`;
    expect(rule.Name).toBe(short('-impaired-az'));
    expect(rule.EventPattern).toEqual({
      'source': ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      'detail': { alarmName: [1, 2, 3].map((n) => `${prefix}-ImpairedAz${n}`), state: { value: ['ALARM'] } },
    });
    expect(rule.Targets).toEqual([{ Id: 'OutlierShift', Arn: { 'Fn::GetAtt': [id(service.outlierShiftFunction!), 'Arn'] } }]);
    const [permission] = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission'
      && JSON.stringify(r.Properties.FunctionName).includes(id(service.outlierShiftFunction!)));
    expect(permission.Properties).toEqual(expect.objectContaining({
      Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [id(service.outlierShiftRule!), 'Arn'] },
    }));
    const fn = resources[id(service.outlierShiftFunction!)].Properties;
    expect(fn).toEqual(expect.objectContaining({ FunctionName: short('-outlier-shift'), Runtime: 'python3.13', Timeout: 60 }));
    expect(fn.Environment.Variables).toEqual(expect.objectContaining({ EXPIRES_IN: '1h', ALARM_NAME_PREFIX: prefix }));
    expect(fn.VpcConfig.SubnetIds).toHaveLength(3);
  });

  test('HTTPS needs no redirect acknowledgement, narrowed CIDRs no EC23, and no engine a default-port one', () => {
    expect(acknowledged(services.FullyConfigured, 'cdk-validator-cfnguard')).not.toContain('alb_http_to_https_redirection_check');
    expect(acknowledged(services.FullyConfigured, 'AwsSolutions')).not.toContain('AwsSolutions-EC23');
    for (const service of Object.values(services)) expect(acknowledged(service, 'AwsSolutions').join()).not.toContain('RDS11');
  });
});

describe('each acknowledgement is needed: without them the default service fails exactly those rules', () => {
  const app = testApp({ context: AZ_CONTEXT });
  const stack = new Stack(app, 'Bare', { env: ENV });
  const service = new HighlyAvailableService(stack, 'Web');
  stripAcknowledgements(stack);
  // Beside it: a fleet of one instance type, in AZ independence (cross-zone load balancing off), with its acknowledgements.
  const single = new HighlyAvailableService(stack, 'SingleType', {
    database: false, vpc: service.vpc, instanceTypes: [new ec2.InstanceType('c7i.large')], crossZoneLoadBalancing: false,
  });
  let controlTower: string[] = [];
  let printed = '';
  beforeAll(() => {
    Validations.of(app).addPlugins(controlTowerChecks(app));
    // aws-cdk-lib prints the validation report on the console: kept, and checked below.
    ({ result: controlTower, printed } = printedOnConsole(() => {
      let assembly: cxapi.CloudAssembly;
      try {
        assembly = app.synth();
      } catch {
        // Synthesis fails on the violations; the report stays in the assembly folder.
        assembly = new cxapi.CloudAssembly(app.outdir);
      }
      return violations(assembly).filter((v) => v.startsWith('cdk-validator-cfnguard:'));
    }));
  });

  test('cdk-nag AwsSolutions', () => {
    // One entry per violating resource, so an acknowledgement made twice must be needed twice.
    const rules = new AwsSolutionsChecks().validateScope(service).violations.flatMap((v) => v.violatingResources.map(() => v.ruleName)).sort();
    expect(rules).toEqual(DEFAULT_NAG_ACKS);
  });

  test('AWS Control Tower', () => {
    const found = controlTower.filter((v) => v.includes(`@${service.node.path}/`));
    const rules = [...new Set(found.map((v) => v.split('@')[0].replace('cdk-validator-cfnguard:', '')))].sort();
    expect(rules).toEqual(DEFAULT_CONTROL_ACKS);
  });

  test('a single instance type breaks CT.AUTOSCALING.PR.6 and AZ independence CT.ELASTICLOADBALANCING.PR.15 (reported, though synthesis goes on), and nothing else', () => {
    expect(controlTower.filter((v) => v.includes(`@${single.node.path}/`)).sort()).toEqual([
      'cdk-validator-cfnguard:autoscaling_mixed_instances_policy_multiple_instance_types_check@Bare/SingleType/Fleet/ASG',
      'cdk-validator-cfnguard:elbv2_target_group_cross_zone_check@Bare/SingleType/TargetGroup/Resource',
    ]);
    // The console said so too, as `cdk synth` would.
    expect(printed).toContain('[CT.AUTOSCALING.PR.6]');
    expect(printed).toContain('[CT.ELASTICLOADBALANCING.PR.15]');
  });
});

describe('compliance checks are live', () => {
  test('every bundled Control Tower rule names the resource types it checks, so selecting rules by type drops none that could fire', () => {
    const rules = controlTowerRuleFiles();
    expect(rules.length).toBeGreaterThan(200);
    expect(rules.filter((r) => r.types.length === 0).map((r) => r.file)).toEqual([]);
  });

  test('an unencrypted, non-SSL bucket beside the service fails synthesis', () => {
    expect(() => synthWithChecks((stack) => {
      new HighlyAvailableService(stack, 'Web', { database: false });
      new s3.Bucket(stack, 'Careless');
    })).toThrow(/AwsSolutions-S10/);
  });
});
