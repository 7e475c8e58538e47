import * as fs from 'fs';
import * as path from 'path';
import { tfResources } from './lifecycle';
import { LONG_ID, LONG_STACK_NAME } from './matrices';
import { PROVIDER_VALIDATORS, valuesFor } from './tf/provider-validators';
import { checkTerraformJson } from './tf/schema-check';
import { AZS, ENV, testApp } from './util';
import { CapacityPlan, CapacityReservations, DatabaseEngine, tf } from '../src';
import { checkResource, ruledTypes } from '../src/core/aws/deployment-rules';
import { lifecycleFindings } from '../src/core/aws/lifecycle';
import { App, TerraformStack } from '../src/tf/private/cdktf';

// Names at their limits deploy the first time: the longest stack names CloudFormation users give
// (110 characters, of CloudFormation's 128) and a long construct path, and a Terraform stack id
// starting with a digit (cdktf allows it; many AWS identifiers must start with a letter). Every
// resource goes through the table of deployment rules in the core, the Terraform configuration
// through the schema and the provider's validators. The CloudFormation matrix (compliance.test.ts)
// has the long stack name and construct path: its templates go through the rules and cfn-lint there.


type Json = any;

function ruleFindingsTf(config: Json): string[] {
  return Object.entries<Json>(config.resource).flatMap(([type, resources]) =>
    Object.values<Json>(resources).flatMap((r) => checkResource('terraform', type, r).map((f) => f.message)));
}

const TF_CASES: Array<[string, string, string]> = [
  ['a 110-character stack id and a long construct path', LONG_STACK_NAME, LONG_ID],
  ['a stack id starting with a digit', '1shop', 'Api'],
];

/** The configuration cdktf writes for a stack of two services: everything the flavor sets, with a cache, a proxy, both MySQL engines, capacity reservations and a warm pool. */
const tfConfigs = new Map<string, Json>();
function tfConfig(stackId: string, serviceId: string): Json {
  let config = tfConfigs.get(stackId);
  if (!config) {
    const outdir = fs.mkdtempSync(path.join(testApp().outdir, 'tf-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, stackId);
    new tf.AwsProvider(stack, 'aws', { region: ENV.region });
    new tf.HighlyAvailableService(stack, serviceId, {
      availabilityZones: AZS,
      domainName: 'api.example.com',
      hostedZoneId: 'Z123',
      hostedZoneName: 'example.com',
      capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1000, requestsPerSecondPerInstance: 100 }),
      scheduledDemand: [{ schedule: '0 8 * * MON-FRI', peakRequestsPerSecond: 2500 }],
      databaseEngine: DatabaseEngine.AURORA_MYSQL,
      databaseReaders: 2,
      databaseMaxReaders: 4,
      databaseProxy: true,
      cache: true,
      probes: true,
      alarmEmails: ['oncall@example.com'],
      capacityReservations: CapacityReservations.fromResourceGroup(`arn:aws:resource-groups:${ENV.region}:${ENV.account}:group/shop-reservations`, 2),
      warmPool: {},
      slowStart: 60,
      // The automatic zonal shift: its function and rule go through the deployment rules too.
      outlierShift: true,
    });
    new tf.HighlyAvailableService(stack, 'MysqlInstance', {
      availabilityZones: AZS, databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE, databaseProxy: true,
    });
    app.synth();
    config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stackId, 'cdk.tf.json'), 'utf8')) as Json;
    tfConfigs.set(stackId, config);
  }
  return config;
}

describe.each(TF_CASES)('Terraform: %s', (_name, stackId, serviceId) => {
  let config: Json;
  beforeAll(() => {
    config = tfConfig(stackId, serviceId);
  });

  test('every resource keeps the deployment rules, and every type they rule is there', () => {
    expect(ruleFindingsTf(config)).toEqual([]);
    expect(ruledTypes('terraform').filter((t) => !config.resource[t])).toEqual([]);
  });

  test('the configuration passes the schema and the provider\'s validators', () => {
    expect(checkTerraformJson(config)).toEqual([]);
  });

  test('every resource goes through the lifecycle table (a cache, a proxy, both MySQL engines): a teardown completes and a recreate with the same ids succeeds', () => {
    expect(lifecycleFindings('terraform', tfResources(config)).map((f) => f.message)).toEqual([]);
    // What this configuration keeps or names for later: the MySQL option group, the final snapshots named at each creation.
    expect(Object.values<Json>(config.resource.aws_db_option_group)).toEqual([expect.objectContaining({ skip_destroy: true })]);
    for (const type of ['aws_rds_cluster', 'aws_db_instance', 'aws_elasticache_replication_group']) {
      for (const r of Object.values<Json>(config.resource[type])) {
        expect(r.final_snapshot_identifier).toMatch(/-final-\$\{formatdate\("YYYYMMDDhhmmss", timestamp\(\)\)\}$/);
        expect(r.lifecycle.ignore_changes).toContain('final_snapshot_identifier');
      }
    }
  });
});

test('the provider\'s validators each check a value the flavor sets: none is left over from a renderer that changed', () => {
  const configs = TF_CASES.map(([, stackId, serviceId]) => tfConfig(stackId, serviceId));
  const unchecked = PROVIDER_VALIDATORS.filter((v) => !configs.some((config) =>
    Object.values<Json>(config.resource[v.type] ?? {}).some((r) => valuesFor(v, r).length > 0)));
  expect(unchecked.map((v) => `${v.type} ${v.path}`)).toEqual([]);
});
