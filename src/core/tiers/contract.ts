/**
 * The application contract: what the service tells the application on every instance, in one
 * documented file (`/etc/cdk-highly-available-service/service.env`, KEY=value lines) whatever the
 * user data, and the same keys as stack outputs (CloudFormation) and Terraform outputs.
 */
import { CachePlan } from './cache';
import { DatabasePlan } from './database';
import { DatabaseProxyPlan } from './database-proxy';

/** A value known only to the renderer (a token, a Terraform reference), by what it is. */
export type ContractReference =
  | 'region'
  | 'databaseWriterEndpoint'
  | 'databaseReaderEndpoint'
  | 'databaseSecretArn'
  | 'databaseProxyEndpoint'
  | 'databaseProxyReadOnlyEndpoint'
  | 'cachePrimaryEndpoint'
  | 'cacheReaderEndpoint';

/** One key of the contract. */
export interface ContractEntry {
  /** The key in the environment file, e.g. `DATABASE_HOST`. */
  readonly key: string;
  /** The stack output's and Terraform output's name, e.g. `DatabaseHost`. */
  readonly output: string;
  readonly description: string;
  readonly value: string | { readonly ref: ContractReference };
}

/** What the contract is made of: slices of the service plan. */
export interface ContractBasis {
  /** The service's unique name (its name prefix). */
  readonly serviceName: string;
  readonly healthCheckPath: string;
  readonly appPort: number;
  readonly database?: Pick<DatabasePlan, 'engine' | 'aurora' | 'readers' | 'port' | 'name' | 'masterUsername' | 'global'>;
  readonly databaseProxy?: Pick<DatabaseProxyPlan, 'port' | 'readOnlyEndpointName'>;
  readonly cache?: Pick<CachePlan, 'environment'>;
}

/** `DATABASE_READER_HOST` -> `DatabaseReaderHost`. */
export function outputName(key: string): string {
  return key.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/**
 * The contract's keys, in the file's order. Hosts are names without the port (`*_PORT` holds it).
 * - DATABASE_HOST: the writer (the cluster endpoint, which follows the writer across a failover;
 *   with RDS Proxy, the proxy's endpoint). DATABASE_READER_HOST: the readers (Aurora's reader
 *   endpoint; the proxy's read-only endpoint; a Multi-AZ DB instance has none: its own endpoint).
 * - DATABASE_AUTH: `secret` (the user and password are in the secret DATABASE_SECRET_ARN names,
 *   which the instance role may read) or `iam` (RDS Proxy: an IAM authentication token for
 *   DATABASE_USER; the instance role may connect, not read the secret).
 */
export function planContract(b: ContractBasis): ContractEntry[] {
  const entries: ContractEntry[] = [];
  const add = (key: string, description: string, value: ContractEntry['value']) => entries.push({ key, output: outputName(key), description, value });
  add('SERVICE_NAME', 'The service\'s name, unique in its account and Region', b.serviceName);
  add('SERVICE_REGION', 'The Region the instance runs in', { ref: 'region' });
  add('SERVICE_PORT', 'The port the application listens on', String(b.appPort));
  add('SERVICE_HEALTH_PATH', 'The path the load balancer checks the application\'s health on', b.healthCheckPath);
  const db = b.database;
  if (db) {
    const proxy = b.databaseProxy;
    add('DATABASE_ENGINE', 'The database engine', db.engine);
    const global = db.global;
    if (global && !proxy) {
      // A global database's member (issue 28): the host that still reaches the writer after a
      // switchover or failover, not this Region's cluster endpoint.
      if (global.instanceWrites === 'readerEndpoint') {
        add('DATABASE_HOST', 'This Region\'s reader endpoint, which forwards writes to the global writer (active-active)', { ref: 'databaseReaderEndpoint' });
      } else {
        add('DATABASE_HOST', 'The Aurora global writer endpoint: it follows the writer across a switchover or failover',
          global.writerEndpointAddress ?? { ref: 'databaseWriterEndpoint' });
      }
    } else {
      add('DATABASE_HOST', proxy ? 'The RDS Proxy endpoint (writes)' : 'The database writer endpoint', { ref: proxy ? 'databaseProxyEndpoint' : 'databaseWriterEndpoint' });
    }
    add('DATABASE_READER_HOST', proxy
      ? 'The RDS Proxy read-only endpoint (reads)'
      : db.aurora ? 'The database reader endpoint (reads, spread over the readers)' : 'The database endpoint (a Multi-AZ DB instance has no reader endpoint)',
    { ref: proxy ? (proxy.readOnlyEndpointName ? 'databaseProxyReadOnlyEndpoint' : 'databaseProxyEndpoint') : db.aurora && db.readers > 0 ? 'databaseReaderEndpoint' : 'databaseWriterEndpoint' });
    add('DATABASE_PORT', 'The database port', String(proxy ? proxy.port : db.port));
    add('DATABASE_NAME', 'The database created in it', db.name);
    add('DATABASE_USER', 'The database user', db.masterUsername);
    add('DATABASE_AUTH', proxy ? 'iam: connect with an IAM authentication token (TLS)' : 'secret: the user and password are in DATABASE_SECRET_ARN', proxy ? 'iam' : 'secret');
    if (!proxy) add('DATABASE_SECRET_ARN', 'The Secrets Manager secret with the user and password (the instance role may read it)', { ref: 'databaseSecretArn' });
    // A global database's secret is replicated to every Region under one name (GetSecretValue takes it as the id).
    if (!proxy && global) add('DATABASE_SECRET', 'The name of the replicated secret, the same in every Region', global.secretName);
  }
  for (const [key, value] of Object.entries(b.cache?.environment ?? {})) {
    const ref = typeof value === 'string' ? value : { ref: value.ref === 'primaryEndpoint' ? 'cachePrimaryEndpoint' as const : 'cacheReaderEndpoint' as const };
    add(key, CACHE_DESCRIPTIONS[key] ?? key, ref);
  }
  return entries;
}

const CACHE_DESCRIPTIONS: Record<string, string> = {
  CACHE_HOST: 'The cache primary endpoint (TLS, IAM authentication)',
  CACHE_READER_HOST: 'The cache reader endpoint',
  CACHE_PORT: 'The cache port',
  CACHE_USER: 'The cache user the instances authenticate as with IAM',
  CACHE_REPLICATION_GROUP: 'The cache replication group (for the IAM authentication token)',
  CACHE_TLS: 'Whether the cache requires TLS',
};
