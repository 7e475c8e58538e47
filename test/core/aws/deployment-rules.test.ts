import {
  DEPLOYMENT_RULES, DeploymentRule, TERRAFORM_SUFFIX_LENGTH, breaks, checkDeploymentValues, checkResource, valuesAt,
} from '../../../src/core/aws/deployment-rules';
import { DEFAULTS } from '../../../src/core/base/defaults';
import { Validator } from '../../../src/core/base/validation';
import { DatabaseEngine, ServiceOptions } from '../../../src/core/options/options';
import { ServicePlan, deployedValues } from '../../../src/core/service/plan';
import { GROUP_DESCRIPTIONS } from '../../../src/core/tiers/access';
import { plainPlan, plainProblems } from '../plain';

const rule = (id: keyof typeof DEPLOYMENT_RULES): DeploymentRule => DEPLOYMENT_RULES[id];

/** Every option that adds a named or described resource. */
const EVERYTHING: ServiceOptions = { cache: true, databaseProxy: true, databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseReaders: 2 };

/** The rules a plan breaks, as the planner would report them. */
function broken(plan: ServicePlan): string[] {
  const v = new Validator();
  checkDeploymentValues(deployedValues(plan), v);
  try {
    v.throwIfAny('plan');
    return [];
  } catch (e) {
    return (e as { problems: string[] }).problems;
  }
}

describe('the table of deployment rules', () => {
  test('each rule says what it checks, what is allowed, where it comes from, and where its values sit in both flavors', () => {
    for (const [id, r] of Object.entries(DEPLOYMENT_RULES) as Array<[string, DeploymentRule]>) {
      expect([id, r.what.length > 5, r.allowed.length > 5]).toEqual([id, true, true]);
      expect([id, r.source]).toEqual([id, expect.stringMatching(/(API reference|User Guide|provider internal\/)/)]);
      expect([id, (r.cloudFormation ?? []).length + (r.terraform ?? []).length > 0]).toEqual([id, true]);
    }
  });

  test('EC2 descriptions: an apostrophe breaks them, the characters EC2 lists do not', () => {
    expect(breaks(rule('securityGroupRuleDescription'), 'The service\'s fleet')).toBe('holds "\'"');
    expect(breaks(rule('securityGroupRuleDescription'), 'Listener 443 from 203.0.113.0/24: ok ._-:/()#,@[]+=&;{}!$*')).toBeUndefined();
    expect(breaks(rule('securityGroupDescription'), 'x'.repeat(256))).toBe('256 characters, more than 255');
  });

  test('identifiers: a letter first, lower case, no double or trailing hyphen, within the length', () => {
    const proxy = rule('rdsProxyName');
    expect(breaks(proxy, 'shop-api-0a9d656f')).toBeUndefined();
    expect(breaks(proxy, 'Shop-Api-0a9d656f')).toBe('holds "S", "A"');
    expect(breaks(proxy, '1shop-api')).toBe('does not have the allowed shape');
    expect(breaks(proxy, 'shop--api')).toBe('has two hyphens in a row');
    expect(breaks(proxy, 'shop-api-')).toBe('has a trailing hyphen');
    expect(breaks(rule('cacheId'), `c${'x'.repeat(40)}`)).toBe('41 characters, more than 40');
    expect(breaks(rule('webAclName'), 'x'.repeat(129))).toBe('129 characters, more than 128');
  });

  test('the values at a path: into lists with [], into every value of an object with *', () => {
    const resource = { A: [{ B: 'one' }, { B: 'two' }], C: { x: { D: 'three' }, y: { D: 'four' } }, E: 'five' };
    expect(valuesAt(resource, 'A[].B')).toEqual(['one', 'two']);
    expect(valuesAt(resource, 'C.*.D')).toEqual(['three', 'four']);
    expect(valuesAt(resource, 'E')).toEqual(['five']);
    expect(valuesAt(resource, 'Missing[].B')).toEqual([]);
  });

  test('a rendered resource is checked where the table says, a Terraform prefix with the suffix Terraform adds', () => {
    expect(checkResource('cloudFormation', 'AWS::EC2::SecurityGroup', {
      GroupDescription: 'ok', SecurityGroupIngress: [{ Description: 'The service\'s fleet' }, { Description: { 'Fn::Join': ['', ['x']] } }],
    }).map((f) => f.path)).toEqual(['AWS::EC2::SecurityGroup.SecurityGroupIngress[].Description']);
    expect(checkResource('terraform', 'aws_launch_template', { name_prefix: `${'x'.repeat(102)}-` }).map((f) => f.rule).sort())
      .toEqual(['launchTemplateName', 'launchTemplateNamePrefix']);
    expect(checkResource('terraform', 'aws_launch_template', { name_prefix: `${'x'.repeat(98)}-` })).toEqual([]);
    // Values known only at apply are not checked.
    expect(checkResource('terraform', 'aws_db_proxy', { name: '${aws_x.y.name}' })).toEqual([]);
    expect(TERRAFORM_SUFFIX_LENGTH).toBe(26);
  });

  test('the planner reports a value that breaks a rule, naming it, the rule and its source', () => {
    const v = new Validator();
    checkDeploymentValues([{ rule: 'securityGroupRuleDescription', what: 'access rule X', value: 'The service\'s fleet' }], v);
    expect(() => v.throwIfAny('Shop/Api')).toThrow(
      'Shop/Api: access rule X "The service\'s fleet" cannot deploy: a security group rule description allows up to 255 letters, digits, spaces and ' +
      '._-:/()#,@[]+=&;{}!$* (no apostrophe), and this one holds "\'" (EC2 API reference, AuthorizeSecurityGroupIngress',
    );
  });
});

describe('what the planner decides keeps every rule', () => {
  test('every configuration, a 110-character stack name and deep path, a stack id starting with a digit', () => {
    const environments = [
      {},
      { stackName: `S${'x'.repeat(109)}`, pathInStack: ['Team', `Api${'y'.repeat(120)}`] },
      { stackName: '1Shop', pathInStack: ['Api'] },
      { stackName: '9', pathInStack: ['0'] },
    ];
    const configurations: ServiceOptions[] = [{}, EVERYTHING, { databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE, databaseProxy: true },
      { databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE }, { database: false, internetFacing: false, allowedCidrs: ['10.0.0.0/8'] }];
    for (const env of environments) {
      for (const options of configurations) expect(broken(plainPlan(options, env))).toEqual([]);
    }
  });

  test('the values checked cover every name and description the plan decides', () => {
    const plan = plainPlan(EVERYTHING);
    const what = deployedValues(plan).map((d) => d.what);
    expect(what).toEqual(expect.arrayContaining([
      'webFirewall.webAcl.name', 'databaseProxy.name', 'databaseProxy.readOnlyEndpointName', 'cache.replicationGroupId', 'cache.user.id',
      'cache.userGroupId', 'namePrefixes.launchTemplate', 'databaseNames.identifierPrefix', 'database.engineVersion.requested',
      'namePrefixes.databaseParameterGroup',
    ]));
    for (const r of plan.access.rules) expect(what).toContain(`access rule ${r.id}`);
    for (const g of Object.keys(plan.access.groupDescriptions)) expect(what).toContain(`access.groupDescriptions.${g}`);
  });

  test('no security group or rule description has an apostrophe (the cache and proxy tiers had "The service\'s ...")', () => {
    const plan = plainPlan(EVERYTHING);
    const descriptions = [...Object.values(plan.access.groupDescriptions), ...plan.access.rules.map((r) => r.description)];
    expect(descriptions.length).toBeGreaterThan(8);
    for (const d of descriptions) expect([d, breaks(rule('securityGroupRuleDescription'), d!)]).toEqual([d, undefined]);
  });

  test('group descriptions are frozen: changing one replaces the group in both flavors', () => {
    expect(GROUP_DESCRIPTIONS).toEqual({
      loadBalancer: 'Load balancer: the listener ports from the allowed CIDR blocks only',
      fleet: 'Service instances: the app port from the load balancer only',
      database: 'Service database: its port from the service instances only',
      cache: 'Cache of the service: reachable from the fleet only',
      databaseProxy: 'RDS Proxy of the service: reachable from the fleet only',
    });
  });

  test('the web ACL name is cut to WAF\'s 128 characters and keeps the hash (the prefix may reach 180)', () => {
    const plan = plainPlan({}, { stackName: `S${'x'.repeat(109)}`, pathInStack: [`Api${'y'.repeat(120)}`] });
    expect(plan.namePrefix.length).toBe(180);
    const name = plan.webFirewall!.webAcl!.name;
    expect(name.length).toBe(128);
    expect(name.endsWith(plan.namePrefix.slice(-9))).toBe(true);
    expect(name).toMatch(/^[\w-]+$/);
  });

  test('RDS Proxy and cache ids: lower case and a letter first, even for a stack id starting with a digit', () => {
    const plan = plainPlan(EVERYTHING, { stackName: '1Shop', pathInStack: ['Api'] });
    expect(plan.databaseProxy!.name).toMatch(/^proxy-1shop-api-[0-9a-f]{8}$/);
    expect(plan.databaseProxy!.readOnlyEndpointName).toBe(`${plan.databaseProxy!.name}-ro`);
    expect(plan.cache!.replicationGroupId).toMatch(/^cache-1shop-api-[0-9a-f]{8}$/);
    expect(plan.cache!.user.id).toBe(`${plan.cache!.replicationGroupId}-app`);
    const upper = plainPlan(EVERYTHING, { stackName: 'Shop', pathInStack: ['Api'] });
    expect(upper.databaseProxy!.name).toMatch(/^shop-api-[0-9a-f]{8}$/);
  });

  test('the launch template name prefix stays within the provider\'s 99 characters', () => {
    const plan = plainPlan({}, { stackName: `S${'x'.repeat(109)}`, pathInStack: [`Api${'y'.repeat(120)}`] });
    expect(plan.namePrefixes.launchTemplate.length).toBe(99);
    expect(plan.namePrefixes.launchTemplate).toMatch(/-[0-9a-f]{8}-$/);
  });
});

describe('engine versions', () => {
  test('a major only for every engine, which RDS resolves to its default minor', () => {
    expect(Object.fromEntries(Object.entries(DEFAULTS.database.engineVersion).map(([engine, v]) => [engine, v.requested]))).toEqual({
      'aurora-postgresql': '17', 'aurora-mysql': '8.0', 'postgres': '17', 'mysql': '8.4',
    });
    for (const engine of Object.values(DatabaseEngine)) {
      const db = plainPlan({ databaseEngine: engine }).database!;
      expect(breaks(rule('rdsEngineVersion'), db.engineVersion.requested)).toBeUndefined();
      expect(db.engineVersion.requested).toBe(db.engineVersion.major);
    }
    expect(breaks(rule('rdsEngineVersion'), '8.0.mysql_aurora.3.10.4')).toBeDefined();
    expect(breaks(rule('rdsEngineVersion'), '17.9')).toBeUndefined();
  });
});

describe('MySQL writes the logs it exports', () => {
  test('Aurora MySQL: advanced auditing and the slow query log in the cluster parameter group, TLS required', () => {
    const db = plainPlan({ databaseEngine: DatabaseEngine.AURORA_MYSQL }).database!;
    expect(db.logExports).toEqual(['audit', 'error', 'general', 'slowquery']);
    expect(db.logSettings).toEqual({
      family: 'aurora-mysql8.0',
      clusterParameters: true,
      description: 'Makes the service database write the logs it exports',
      parameters: {
        server_audit_logging: '1',
        server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL',
        slow_query_log: '1',
        long_query_time: '1',
        log_output: 'FILE',
        require_secure_transport: 'ON',
      },
    });
  });

  test('RDS for MySQL: the MariaDB Audit Plugin option and the slow query log, TLS required', () => {
    const db = plainPlan({ databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE }).database!;
    expect(db.logSettings).toEqual(expect.objectContaining({
      family: 'mysql8.4',
      clusterParameters: false,
      parameters: { slow_query_log: '1', long_query_time: '1', log_output: 'FILE', require_secure_transport: '1' },
      auditOption: {
        engineName: 'mysql',
        majorEngineVersion: '8.4',
        name: 'MARIADB_AUDIT_PLUGIN',
        settings: { SERVER_AUDIT_EVENTS: 'CONNECT,QUERY_DCL,QUERY_DDL' },
        // The final snapshot keeps it in use: deleting it would fail the teardown.
        keptWithFinalSnapshot: true,
      },
    }));
  });

  test('PostgreSQL writes its exported logs by itself: no parameter group', () => {
    expect(plainPlan({}).database!.logSettings).toBeUndefined();
    expect(plainPlan({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE }).database!.logSettings).toBeUndefined();
  });

  test('the plan has no problem with these settings', () => {
    expect(plainProblems({ databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE })).toEqual([]);
  });
});
