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
  database: {
    readers: 1,
    backupRetentionDays: 7,
    name: 'app',
  },
  /** Encrypted gp3 root volume of each instance, GiB. */
  rootVolumeSizeGiB: 20,
  /** Root device of Amazon Linux images. */
  rootDeviceName: '/dev/xvda',
  /** Idle connections the load balancer keeps, seconds. */
  idleTimeoutSeconds: 60,
  /** Seconds a fresh instance needs, from launch to passing its first health check (estimate). */
  bootEstimateSeconds: 120,
} as const;

/** AWS limits the validation relies on (see the README's "AWS figures"). */
export const LIMITS = {
  minAvailabilityZones: 2,
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
  /** The API caps an Auto Scaling group's size far above this; this is a sanity bound. */
  capacity: [1, 1000],
} as const;
