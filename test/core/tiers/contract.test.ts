import { DatabaseEngine } from '../../../src/core/options/options';
import { ContractBasis, planContract } from '../../../src/core/tiers/contract';
import { GlobalDatabasePlan } from '../../../src/core/tiers/database';

// The application contract on plain data: what DATABASE_HOST names decides whether the instances
// reach the writer after a failover, so each kind of database is planned here.
const DB: NonNullable<ContractBasis['database']> = {
  engine: DatabaseEngine.AURORA_POSTGRESQL, aurora: true, readers: 1, port: 5433, name: 'app', masterUsername: 'app_admin',
};
const basis = (database: ContractBasis['database']): ContractBasis => ({ serviceName: 'shop-api', healthCheckPath: '/health', appPort: 8080, database });
const global = (g: Partial<GlobalDatabasePlan>): GlobalDatabasePlan => ({
  globalClusterIdentifier: 'shop',
  clusterIdentifier: 'shop-eu-west-1',
  primary: true,
  secretName: 'shop-db',
  instanceWrites: 'globalWriterEndpoint',
  secretRotationDays: 30,
  clusterParameters: {},
  ...g,
} as GlobalDatabasePlan);
const value = (c: ReturnType<typeof planContract>, key: string) => c.find((e) => e.key === key)?.value;

test('a single service\'s instances write to their cluster endpoint and read the secret by its ARN', () => {
  const c = planContract(basis(DB));
  expect(value(c, 'DATABASE_HOST')).toEqual({ ref: 'databaseWriterEndpoint' });
  expect(value(c, 'DATABASE_SECRET_ARN')).toEqual({ ref: 'databaseSecretArn' });
  expect(value(c, 'DATABASE_SECRET')).toBeUndefined();
});

test('a global member in a standby mode writes to the global writer endpoint, which follows the writer across Regions', () => {
  const c = planContract(basis({ ...DB, global: global({ writerEndpointAddress: 'shop.global-abc.global.rds.amazonaws.com' }) }));
  expect(value(c, 'DATABASE_HOST')).toBe('shop.global-abc.global.rds.amazonaws.com');
  expect(value(c, 'DATABASE_SECRET')).toBe('shop-db');
});

test('a global member in active-active writes through its own Region\'s reader endpoint, which forwards writes', () => {
  const c = planContract(basis({ ...DB, global: global({ instanceWrites: 'readerEndpoint' }) }));
  expect(value(c, 'DATABASE_HOST')).toEqual({ ref: 'databaseReaderEndpoint' });
});

test('behind RDS Proxy the instances use the proxy with IAM tokens, and get no secret', () => {
  const c = planContract({ ...basis(DB), databaseProxy: { port: 5433, readOnlyEndpointName: undefined } as any });
  expect(value(c, 'DATABASE_HOST')).toEqual({ ref: 'databaseProxyEndpoint' });
  expect(value(c, 'DATABASE_AUTH')).toBe('iam');
  expect(c.map((e) => e.key).filter((k) => k.startsWith('DATABASE_SECRET'))).toEqual([]);
});
