import { shortName } from '../../../src/core/base/naming';
import { DatabaseEngine } from '../../../src/core/options/options';
import { plainPlan, plainProblems } from '../plain';

const problemsOf = plainProblems;

describe('RDS Proxy', () => {
  test('off by default', () => {
    expect(plainPlan().databaseProxy).toBeUndefined();
  });

  test('Aurora PostgreSQL with a reader: port 5432, a read-only endpoint, its alarms, and a failover figure for clients', () => {
    const p = plainPlan({ databaseProxy: true });
    expect(p.databaseProxy).toEqual(expect.objectContaining({
      name: p.namePrefix.toLowerCase(), port: 5432, engineFamily: 'POSTGRESQL', readOnlyEndpointName: `${p.namePrefix.toLowerCase()}-ro`, idleClientTimeoutSeconds: 1800,
    }));
    expect(p.monitoring.alarms.map((a) => a.id)).toEqual(expect.arrayContaining(['DatabaseProxyAuthFailures', 'DatabaseProxyBorrowLatency']));
    // 30 s for Aurora with a reader, up to 66 % less for clients of the proxy.
    expect(p.report.databaseFailoverSeconds).toBe(11);
    expect(p.report.databaseTopology).toContain('clients through RDS Proxy (failover up to 66 % faster for them, AWS\'s published figure)');
    expect(p.faultInjection!.experiments.find((e) => e.id === 'DatabaseFailover')!.prediction.databaseFailoverSeconds).toBe(11);
  });

  test('a Multi-AZ MySQL instance: port 3306, no read-only endpoint; a writer-only Aurora keeps its 10 minutes', () => {
    const p = plainPlan({ databaseProxy: true, databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE });
    expect(p.databaseProxy).toEqual(expect.objectContaining({ port: 3306, engineFamily: 'MYSQL', readOnlyEndpointName: undefined }));
    expect(p.report.databaseFailoverSeconds).toBe(41);
    expect(plainPlan({ databaseProxy: true, databaseReaders: 0 }).report.databaseFailoverSeconds).toBe(600);
  });

  test('a long service name is shortened within RDS Proxy\'s limit and keeps its hash', () => {
    const long = plainPlan({ databaseProxy: true }, { stackName: 'A'.repeat(100), pathInStack: ['Api'] });
    expect(long.databaseProxy!.name.length).toBeLessThanOrEqual(60);
    expect(long.databaseProxy!.name.endsWith(long.namePrefix.slice(-8))).toBe(true);
    expect(long.databaseProxy!.name).toMatch(/^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/);
    expect(shortName('Shop-Api-0123abcd', 60)).toBe('Shop-Api-0123abcd');
  });

  test('a proxy without a database fails at synth', () => {
    expect(problemsOf({ databaseProxy: true, database: false })).toEqual(['databaseProxy needs a database; received databaseProxy: true with database: false']);
  });
});
