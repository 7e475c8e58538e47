/**
 * The RDS Proxy tier: pooled, TLS-only connections in front of the database, with its alarms.
 */
import { AlarmSpec, Comparison, MetricSource, MissingData } from './alarms';
import { DatabasePlan } from './database';
import { GraphSpec } from './monitoring';
import { DEFAULTS } from '../base/defaults';
import { letterFirstName } from '../base/naming';
import { Validator } from '../base/validation';
import { ServiceOptions } from '../options/options';

/** RDS Proxy in front of the database: pooled connections, TLS and IAM authentication required. */
export interface DatabaseProxyPlan {
  /**
   * Unique per account and region, within RDS Proxy's 63 characters (60, to leave room for the
   * endpoint's suffix), in lower case and starting with a letter, as the Terraform provider demands
   * (RDS stores it lower-cased anyway).
   */
  readonly name: string;
  /** The port clients connect to: RDS Proxy listens on the engine family's port, whatever the database's. */
  readonly port: number;
  readonly engineFamily: 'POSTGRESQL' | 'MYSQL';
  /** A read-only endpoint over the Aurora readers, when there are readers. */
  readonly readOnlyEndpointName?: string;
  readonly idleClientTimeoutSeconds: number;
  /** The database user the fleet connects as through the proxy, with an IAM token: the master user, whose secret the proxy holds. */
  readonly connectUser: string;
  readonly alarms: AlarmSpec[];
  readonly dashboardRow: GraphSpec[];
}

/**
 * RDS Proxy, opt-in: the fleet then reaches the database only through it. It works with the
 * RDS-managed master secret; clients authenticate with IAM over TLS.
 */
export function planDatabaseProxy(
  o: ServiceOptions, database: DatabasePlan | undefined, namePrefix: string, v: Validator,
): DatabaseProxyPlan | undefined {
  if (!o.databaseProxy) return undefined;
  if (!v.check(database !== undefined, 'databaseProxy needs a database; received databaseProxy: true with database: false')) return undefined;
  const db = database!;
  const supported = DEFAULTS.databaseProxy.supportedEngines as readonly string[];
  if (!v.check(supported.includes(db.engine), `databaseProxy does not support databaseEngine ${db.engine}; RDS Proxy supports ${supported.join(', ')}`)) return undefined;
  const postgres = db.engine === 'aurora-postgresql' || db.engine === 'postgres';
  const name = letterFirstName(namePrefix, DEFAULTS.databaseProxy.nameMaxLength, 'proxy');
  const proxy = (metricName: string, statistic: string) => ({ source: MetricSource.DATABASE_PROXY, metricName, statistic });
  const five = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5, critical: false, treatMissingData: MissingData.NOT_BREACHING };
  const t = DEFAULTS.databaseProxy.alarms;
  return {
    name,
    port: postgres ? 5432 : 3306,
    engineFamily: postgres ? 'POSTGRESQL' : 'MYSQL',
    readOnlyEndpointName: db.aurora && db.readers > 0 ? `${name}-ro` : undefined,
    idleClientTimeoutSeconds: DEFAULTS.databaseProxy.idleClientTimeoutSeconds,
    connectUser: db.masterUsername,
    alarms: [
      {
        ...five,
        id: 'DatabaseProxyAuthFailures',
        description: `More than ${t.authFailuresPerMinute} connections a minute failed IAM authentication at the proxy for 5 minutes: a missing grant, or someone guessing`,
        metrics: { m: proxy('ClientConnectionsSetupFailedAuth', 'Sum') },
        threshold: t.authFailuresPerMinute,
        comparison: Comparison.GREATER_THAN,
      },
      {
        ...five,
        id: 'DatabaseProxyBorrowLatency',
        description: `Clients waited more than ${t.borrowLatencyMicroseconds / 1000} ms on average for a database connection from the proxy's pool for 5 minutes: the pool is exhausted`,
        metrics: { m: proxy('DatabaseConnectionsBorrowLatency', 'Average') },
        threshold: t.borrowLatencyMicroseconds,
        comparison: Comparison.GREATER_THAN,
      },
    ],
    dashboardRow: [
      {
        title: 'Database proxy connections',
        left: [
          { label: 'clients', metrics: { m: proxy('ClientConnections', 'Maximum') } },
          { label: 'to the database', metrics: { m: proxy('DatabaseConnections', 'Maximum') } },
        ],
        leftMin: 0,
      },
      {
        title: 'Database proxy latency (µs)',
        left: [
          { label: 'borrow a connection', metrics: { m: proxy('DatabaseConnectionsBorrowLatency', 'Average') } },
          { label: 'database response', metrics: { m: proxy('QueryDatabaseResponseLatency', 'Average') } },
        ],
        leftMin: 0,
      },
    ],
  };
}
