/**
 * Every default of the service in one place, shared by the CloudFormation and Terraform
 * renderers. Numbers are plain (seconds, counts, percentages) so both can use them.
 */
export const DEFAULTS = {
  /** AZs a new VPC spans. Three lets the service lose one and keep two thirds of its capacity. */
  availabilityZones: 3,
  /** The built-in app and the default target port. */
  appPort: 8080,
  healthCheck: {
    path: '/health',
    intervalSeconds: 10,
    timeoutSeconds: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 2,
  },
  /** Long enough for in-flight requests of a typical web API, short enough for quick rollouts. */
  deregistrationDelaySeconds: 30,
  /** Grace before the Auto Scaling group trusts the load balancer's health check of a new instance. */
  healthCheckGracePeriodSeconds: 300,
  /** Average CPU the fleet's target-tracking policy holds. */
  cpuTargetUtilizationPercent: 50,
  /** max capacity = this x min capacity when only the minimum is given, and in a demand plan. */
  burstFactor: 2,
  /** Fraction of an instance's capacity a demand plan fills at peak. */
  targetUtilization: 0.7,
  /** AZs a capacity plan assumes before a service binds it. */
  planAvailabilityZones: 3,
  /**
   * Instance types of the fleet, first preferred. Three similar types (2 vCPU, 4 GiB, x86_64,
   * no CPU credits to run out of) let the group launch in an AZ that has run short of one of
   * them, which matters most right after an AZ loss, when the surviving AZs all launch at once.
   * All are Nitro types that encrypt traffic between instances (AWS Control Tower
   * CT.AUTOSCALING.PR.11).
   */
  instanceTypes: ['c7i.large', 'c6i.large', 'c6a.large'],
  /** Their processor architecture (the default machine image follows the fleet's). */
  instanceArchitecture: 'x86_64',
  /** Seconds between scaling activities of simple policies. */
  scalingCooldownSeconds: 60,
  /**
   * A fleet that may grow beyond this many instances gets a warning to check the account's EC2
   * On-Demand quotas (vCPUs per instance family and region), which new accounts keep low.
   */
  largeFleetInstances: 500,
  /** Inbound rules a security group takes until the account raises the VPC quota (Amazon VPC quotas: 60, adjustable). */
  securityGroupInboundRules: 60,
  /** Seconds predictive scaling launches ahead of the forecast: boot plus health checks. */
  predictiveSchedulingBufferSeconds: 300,
  database: {
    readers: 1,
    backupRetentionDays: 7,
    name: 'app',
    /** Master user name: not the engine default ('postgres', 'admin'), which every scanner tries first. */
    masterUsername: 'service_admin',
    /**
     * Ports: not the engines' defaults (5432, 3306), which AWS Control Tower (CT.RDS.PR.20) and
     * cdk-nag (AwsSolutions-RDS11) reject.
     */
    port: { postgresql: 5433, mysql: 3307 },
    /** Enhanced monitoring: OS metrics every this many seconds. */
    monitoringIntervalSeconds: 60,
    /** The AWS managed policy (under `service-role/`) the enhanced-monitoring role holds: publishing those metrics, nothing else. */
    monitoringManagedPolicy: 'AmazonRDSEnhancedMonitoringRole',
    /** Failover order: the writer in tier 0, every reader in tier 1, so a reader is promoted first. */
    promotionTier: { writer: 0, reader: 1 },
    instanceClass: { aurora: 'r7g.large', multiAzInstance: 'm7g.large' },
    /**
     * Engine versions: the version asked for at creation, and the major the parameter-group family
     * follows. A major only: RDS creates its current default minor (documented for Aurora MySQL's
     * `8.0`, and RDS resolves `17` or `8.4` the same way), so this release keeps creating databases
     * after RDS retires a minor, and automatic minor upgrades never contradict the configured
     * version (a pinned minor would make the next Terraform plan try to downgrade).
     */
    engineVersion: {
      'aurora-postgresql': { requested: '17', major: '17' },
      'aurora-mysql': { requested: '8.0', major: '8.0' },
      'postgres': { requested: '17', major: '17' },
      'mysql': { requested: '8.4', major: '8.4' },
    },
    /**
     * Logs each engine exports to CloudWatch Logs (AWS Control Tower CT.RDS.PR.14 and .25 want all
     * of a MySQL engine's). A MySQL log is written only when the engine is told to: see `mysqlLogs`.
     */
    logExports: {
      'aurora-postgresql': ['postgresql'],
      'aurora-mysql': ['audit', 'error', 'general', 'slowquery'],
      'postgres': ['postgresql', 'upgrade'],
      'mysql': ['audit', 'error', 'general', 'slowquery'],
    },
    /**
     * What makes MySQL write the logs it exports: the audit plugin (Aurora MySQL's advanced
     * auditing, RDS for MySQL's MariaDB Audit Plugin option) recording connections, privilege and
     * schema changes, and the slow query log. The general log stays off: it records every
     * statement, a cost no production database should pay by default.
     */
    mysqlLogs: {
      auditEvents: 'CONNECT,QUERY_DCL,QUERY_DDL',
      longQueryTimeSeconds: 1,
    },
    /** Aurora MySQL can rewind the cluster this far without a restore. */
    backtrackWindowHours: 24,
    /** Storage of a Multi-AZ DB instance, GiB: allocated, and the autoscaling ceiling. */
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 1000,
    /** A Multi-AZ DB instance's storage type: gp3's baseline IOPS and throughput do not depend on its size. */
    storageType: 'gp3',
    /** Aurora reader auto scaling: readers' average CPU to hold; a new reader takes minutes, so scale out early, in slowly. */
    readerScaling: { targetCpuPercent: 60, scaleOutCooldownSeconds: 300, scaleInCooldownSeconds: 900, policyName: 'reader-cpu' },
  },
  /** Encrypted gp3 root volume of each instance, GiB. */
  rootVolumeSizeGiB: 20,
  /** Root device of Amazon Linux images. */
  rootDeviceName: '/dev/xvda',
  /** TLS 1.3 and 1.2 with forward secrecy only: AWS's recommended policy for HTTPS listeners. */
  sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  /**
   * Listener rules the load balancer processes per request: the listener forwards with its default
   * rule alone (within the 10 free rules of the rule-evaluation LCU dimension).
   */
  listenerRulesPerRequest: 1,
  /** Idle connections the load balancer keeps, seconds. */
  idleTimeoutSeconds: 60,
  /** Seconds a fresh instance needs, from launch to passing its first health check (estimate). */
  bootEstimateSeconds: 120,
  /** Seconds the launch hook waits beyond the instance's own health wait, for its report to arrive. */
  launchHookSlackSeconds: 60,
  /** Name of the launch lifecycle hook that holds a new instance until its app is healthy. */
  launchHookName: 'app-healthy',
  /**
   * Replacements of unhealthy instances and rebalancing (the group's instance maintenance policy):
   * share of the group kept healthy, and the most it may run, percent.
   */
  rolloutHealthyPercent: { min: 100, max: 200 },
  /**
   * A rollout (instance refresh) in batches of one AZ's share (100 + 100 / AZs % may run), pausing
   * after each batch for this long while the alarms watch the new version carry its share, then
   * baking as long once every instance runs it: longer than the critical alarms' 3-minute and
   * P99's 5-minute windows, after the warm-up.
   */
  rolloutCheckpointDelaySeconds: 600,
  network: {
    /** Subnet sizes (CIDR prefix lengths) of the VPC the service creates. */
    subnetMasks: { public: 24, private: 20, isolated: 24 },
    /** aws-cdk-lib's Vpc default range. */
    vpcCidr: '10.0.0.0/16',
    flowLogRetentionDays: 365,
  },
  accessLogs: {
    prefix: 'alb',
    infrequentAccessAfterDays: 30,
    expireAfterDays: 365,
    oldVersionsExpireAfterDays: 30,
  },
  /** Whom an internet-facing load balancer admits when allowedCidrs is not given (an internal one admits its VPC). */
  allowedCidrs: ['0.0.0.0/0'],
  cache: {
    nodeType: 'cache.m7g.large',
    engineVersion: '8.0',
    /** Not Valkey's default 6379, which every scanner tries (cdk-nag AwsSolutions-AEC5). */
    port: 6380,
    snapshotRetentionDays: 7,
    /** Replication group, user and user group ids: at most 40 characters (36, to leave room for `-app`). */
    idMaxLength: 36,
    /**
     * Seconds without writes when the primary fails: detection, promotion of a replica and the DNS
     * change of the primary endpoint. AWS publishes no figure; this is a planning estimate to check
     * with the AZ-impairment experiment.
     */
    failoverSeconds: 60,
    alarms: { engineCpuPercent: 80, memoryPercent: 80, evictionsPerMinute: 100, replicationLagSeconds: 1, connections: 10000 },
  },
  databaseProxy: {
    /** Engines RDS Proxy supports, of those the service offers. */
    supportedEngines: ['aurora-postgresql', 'aurora-mysql', 'postgres', 'mysql'],
    /** RDS Proxy names are at most 63 characters; 60 leaves room for the read-only endpoint's `-ro`. */
    nameMaxLength: 60,
    /** Idle client connections the proxy keeps, seconds (RDS Proxy's default). */
    idleClientTimeoutSeconds: 1800,
    alarms: { authFailuresPerMinute: 10, borrowLatencyMicroseconds: 100_000 },
  },
  webFirewall: {
    /** AWS managed rule groups, in priority order (the rate limit sits after the first). */
    managedRuleGroups: ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'],
    /** Requests one IP may send in 5 minutes (about 7 a second): far above a person, below a flood. */
    rateLimit: 2000,
    rateLimitWindowSeconds: 300,
    /** Blocked requests a minute that count as a spike. */
    blockedRequestsPerMinute: 1000,
    logRetentionDays: 365,
  },
  faultInjection: {
    /** How long the AZ-impairment experiment cuts the AZ off: long enough for every zonal alarm to fire. */
    durationSeconds: 600,
    /** Experiment logs are the record of what was tested and when. */
    logRetentionDays: 365,
  },
} as const;

/** AWS limits the validation relies on (see the README's "AWS figures"). */
export const LIMITS = {
  minAvailabilityZones: 2,
  /** EC2 user data, raw, before base64: 16 KB. */
  userDataBytes: 16384,
  healthCheckIntervalSeconds: [5, 300],
  healthCheckTimeoutSeconds: [2, 120],
  threshold: [2, 10],
  deregistrationDelaySeconds: [0, 3600],
  slowStartSeconds: [30, 900],
  port: [1, 65535],
  auroraReaders: [0, 15],
  backupRetentionDays: [1, 35],
  healthCheckGracePeriodSeconds: [0, 7200],
  cpuTargetUtilizationPercent: [1, 100],
  /** gp3: at least the 8 GiB of an Amazon Linux snapshot, at most 16 TiB. */
  rootVolumeSizeGiB: [8, 16384],
  /**
   * An Auto Scaling group has no size limit of its own (the account's EC2 quotas apply): the
   * bound is the API's integer. What does limit a fleet is checked where it is known: the
   * addresses of the private subnets the service creates.
   */
  capacity: [1, 2147483647],
  /** Scheduled actions an Auto Scaling group takes (a fixed quota). */
  scheduledActions: 125,
  /** Addresses of a subnet AWS keeps for itself (network, router, DNS, future use, broadcast). */
  reservedSubnetAddresses: 5,
  /** Launch template overrides a mixed instances policy accepts. */
  instanceTypes: [1, 40],
  /** ACM: the first name of a certificate (its common name) is at most 64 characters; a DNS name at most 253. */
  certificateDomainNameLength: 64,
  domainNameLength: 253,
  /** Nodes of a one-shard replication group: a primary and 1-5 replicas. */
  cacheNodes: [2, 6],
  /** A reader CPU target that leaves room to add a reader before the others saturate. */
  readerCpuTargetPercent: [10, 90],
  /** WAF rate-based rules: requests per IP per window. */
  webAclRateLimit: [10, 2000000000],
  /** AWS FIS: an action's duration, from one minute to 12 hours. */
  faultInjectionDurationSeconds: [60, 43200],
} as const;
