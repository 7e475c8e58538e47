/**
 * The load balancing tier: the ALB's listeners, target group, health check, TLS, access logs and its
 * reserved capacity decision.
 */
import { NetworkPlan } from './network';
import { DEFAULTS, LIMITS } from '../base/defaults';
import { Validator, canonicalCidr, isIpv4Cidr } from '../base/validation';
import { LoadBalancerCapacityPlan, planLoadBalancerCapacity } from '../capacity/assurance';
import { LoadBalancingAlgorithm, ServiceOptions, propNames } from '../options/options';

export interface HealthCheckPlan {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

/** One listener: forwards to the fleet, or redirects to HTTPS. */
export interface ListenerPlan {
  /** Construct id of the listener: stable. */
  readonly id: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly action: 'forward' | 'redirect-to-https';
  /** An HTTPS listener's TLS policy. */
  readonly sslPolicy?: string;
}

/** The load balancer, its listeners, its access logs and the target group. */
export interface LoadBalancingPlan {
  readonly internetFacing: boolean;
  readonly https: boolean;
  /** Whether the service requests a DNS-validated certificate for `domainName`. */
  readonly requestCertificate: boolean;
  /** Whether the service creates an alias record for `domainName` in the hosted zone. */
  readonly aliasRecord: boolean;
  readonly domainName?: string;
  readonly listeners: ListenerPlan[];
  /** Ports open on the load balancer's security group. */
  readonly listenerPorts: number[];
  /** CIDR blocks admitted on the listener ports. */
  readonly allowedCidrs: string[];
  /** Whether the user's VPC's own range is admitted on the listener ports (an internal load balancer's default there). */
  readonly allowVpcCidr: boolean;
  /** Whether the load balancer is open to the whole internet (an acknowledged cdk-nag EC23). */
  readonly openToInternet: boolean;
  readonly appPort: number;
  readonly healthCheck: HealthCheckPlan;
  readonly deregistrationDelaySeconds: number;
  readonly slowStartSeconds?: number;
  readonly algorithm: LoadBalancingAlgorithm;
  /** Automatic target weights (with weighted random). */
  readonly anomalyMitigation: boolean;
  /**
   * Whether the target group balances across AZs (ALB's default). Off is AZ independence: each
   * load balancer node sends only to its AZ's instances, so the per-AZ metrics see the instances'
   * AZ and a gray failure of one AZ's instances is an outlier there (whitepaper "Advanced Multi-AZ
   * Resilience Patterns", Availability Zone independence).
   */
  readonly crossZoneLoadBalancing: boolean;
  readonly idleTimeoutSeconds: number;
  readonly deletionProtection: boolean;
  /** Whether the service creates the access-log bucket (else the user gave one). */
  readonly createAccessLogsBucket: boolean;
  readonly accessLogs: typeof DEFAULTS.accessLogs;
  /** Load balancer capacity units reserved (`MinimumLoadBalancerCapacity`), when `loadBalancerCapacityUnits` opts in. */
  readonly capacityReservation?: LoadBalancerCapacityPlan;
  /** Why nothing is reserved, when nothing is. */
  readonly capacityReservationOffReason?: string;
  /** With a demand plan and no reservation: what reserving for the planned peak would take (reserving is opt-in). */
  readonly capacityToReserve?: LoadBalancerCapacityPlan;
}

const DNS_LABEL = '(?!-)[A-Za-z0-9-]{1,63}(?<!-)';
const DNS_NAME = new RegExp(`^(${DNS_LABEL}\\.)+${DNS_LABEL}$`);

/** The HTTPS decision, the listener layout and the target group's health check. */
export function planLoadBalancing(o: ServiceOptions, network: NetworkPlan, v: Validator): LoadBalancingPlan {
  const https = !!(o.certificate || (o.domainName && o.hostedZone));
  checkDomain(o, v);

  const appPort = o.appPort ?? DEFAULTS.appPort;
  v.integer('appPort', appPort, LIMITS.port[0], LIMITS.port[1]);

  // An internal load balancer serves the VPC (and what routes into it): by default it admits the
  // VPC's own range, not the whole address space. The range of a VPC the service creates is known
  // here; the user's VPC's is read by the renderer.
  const vpcDefault = o.allowedCidrs === undefined && o.internetFacing === false;
  const allowVpcCidr = vpcDefault && !network.createVpc;
  const givenCidrs = o.allowedCidrs ?? (vpcDefault ? (network.createVpc ? [network.vpcCidr] : []) : [...DEFAULTS.allowedCidrs]);
  v.check(allowVpcCidr || givenCidrs.length > 0, 'allowedCidrs must list at least one IPv4 CIDR block, received an empty list');
  for (const cidr of givenCidrs) {
    if (v.isUnresolved(cidr)) continue;
    v.check(isIpv4Cidr(cidr), `allowedCidrs must hold IPv4 CIDR blocks such as 203.0.113.0/24, received '${cidr}'`);
  }
  // Each block as EC2 stores it, once. EC2 canonicalizes a rule's block (10.0.0.1/24 is stored
  // as 10.0.0.0/24) and fails a rule that repeats a stored one (AWS::EC2::SecurityGroupIngress
  // CidrIp); the Terraform provider rejects a block with host bits (aws_vpc_security_group_ingress_rule
  // cidr_ipv4: fwvalidators.IPv4CIDRNetworkAddress). Written canonically and once, either deploys.
  const allowedCidrs = [...new Set(givenCidrs.map((c) => (!v.isUnresolved(c) && isIpv4Cidr(c) ? canonicalCidr(c) : c)))];

  const healthCheck: HealthCheckPlan = {
    path: o.healthCheckPath ?? DEFAULTS.healthCheck.path,
    intervalSeconds: o.healthCheckIntervalSeconds ?? DEFAULTS.healthCheck.intervalSeconds,
    timeoutSeconds: o.healthCheckTimeoutSeconds ?? DEFAULTS.healthCheck.timeoutSeconds,
    healthyThreshold: o.healthyThresholdCount ?? DEFAULTS.healthCheck.healthyThreshold,
    unhealthyThreshold: o.unhealthyThresholdCount ?? DEFAULTS.healthCheck.unhealthyThreshold,
  };
  if (!v.isUnresolved(healthCheck.path)) {
    // What the load balancer's API accepts; the path also reaches the instances' user data.
    v.check(/^\/[A-Za-z0-9@:%_+.~#?&/=-]{0,1023}$/.test(healthCheck.path),
      `healthCheckPath must start with '/' and hold at most 1024 of the characters a-z A-Z 0-9 @ : % _ + . ~ # ? & / = -, received ${JSON.stringify(healthCheck.path)}`);
  }
  const intervalOk = v.integer('healthCheckInterval', healthCheck.intervalSeconds, ...LIMITS.healthCheckIntervalSeconds, 'seconds');
  const timeoutOk = v.integer('healthCheckTimeout', healthCheck.timeoutSeconds, ...LIMITS.healthCheckTimeoutSeconds, 'seconds');
  if (intervalOk && timeoutOk) {
    v.below('healthCheckTimeout', healthCheck.timeoutSeconds, 'healthCheckInterval', healthCheck.intervalSeconds, 'seconds');
  }
  v.integer('healthyThresholdCount', healthCheck.healthyThreshold, ...LIMITS.threshold);
  v.integer('unhealthyThresholdCount', healthCheck.unhealthyThreshold, ...LIMITS.threshold);

  const deregistrationDelaySeconds = o.deregistrationDelaySeconds ?? DEFAULTS.deregistrationDelaySeconds;
  v.integer('deregistrationDelay', deregistrationDelaySeconds, ...LIMITS.deregistrationDelaySeconds, 'seconds');

  const algorithm = o.loadBalancingAlgorithm ?? LoadBalancingAlgorithm.ROUND_ROBIN;
  v.integer('slowStart', o.slowStartSeconds, ...LIMITS.slowStartSeconds, 'seconds');
  v.check(o.slowStartSeconds === undefined || algorithm !== LoadBalancingAlgorithm.WEIGHTED_RANDOM,
    `slowStart cannot be combined with loadBalancingAlgorithm WEIGHTED_RANDOM (received slowStart ${o.slowStartSeconds} seconds): use ROUND_ROBIN or LEAST_OUTSTANDING_REQUESTS, or drop slowStart`);

  const listeners: ListenerPlan[] = https
    ? [
      { id: 'Https', port: 443, protocol: 'HTTPS', action: 'forward', sslPolicy: DEFAULTS.sslPolicy },
      { id: 'HttpRedirect', port: 80, protocol: 'HTTP', action: 'redirect-to-https' },
    ]
    : [{ id: 'Http', port: 80, protocol: 'HTTP', action: 'forward' }];
  const internetFacing = o.internetFacing ?? true;
  const capacity = planLoadBalancerCapacity(o, network.availabilityZones.length, v);
  return {
    internetFacing,
    https,
    requestCertificate: !o.certificate && !!o.domainName && !!o.hostedZone,
    aliasRecord: !!o.domainName && !!o.hostedZone,
    domainName: o.domainName,
    listeners,
    listenerPorts: https ? [80, 443] : [80],
    allowedCidrs,
    allowVpcCidr,
    openToInternet: internetFacing && allowedCidrs.includes('0.0.0.0/0'),
    appPort,
    healthCheck,
    deregistrationDelaySeconds,
    slowStartSeconds: o.slowStartSeconds,
    algorithm,
    anomalyMitigation: algorithm === LoadBalancingAlgorithm.WEIGHTED_RANDOM,
    crossZoneLoadBalancing: o.crossZoneLoadBalancing ?? true,
    idleTimeoutSeconds: DEFAULTS.idleTimeoutSeconds,
    deletionProtection: o.deletionProtection ?? true,
    createAccessLogsBucket: !o.accessLogsBucket,
    accessLogs: DEFAULTS.accessLogs,
    capacityReservation: capacity.reservation,
    capacityReservationOffReason: capacity.offReason,
    capacityToReserve: capacity.toReserve,
  };
}

/** A DNS name ACM and Route 53 accept, inside the hosted zone when its name is known, with a way to get a certificate. */
function checkDomain(o: ServiceOptions, v: Validator): void {
  const name = o.domainName;
  if (name === undefined || v.isUnresolved(name)) return;
  const n = propNames(o);
  if (!v.check(!!o.hostedZone || !!o.certificate,
    `domainName '${name}' needs a ${n.hostedZone} (to validate a certificate and create the alias record) or a ${n.certificate}, received neither`)) return;
  const requestsCertificate = !o.certificate;
  const max = requestsCertificate ? LIMITS.certificateDomainNameLength : LIMITS.domainNameLength;
  if (!v.check(DNS_NAME.test(name) && name.length <= max,
    `domainName must be a DNS name such as api.example.com (labels of letters, digits and inner hyphens, separated by dots, at most ${max} characters${requestsCertificate ? ' for the certificate the service requests' : ''}), received ${JSON.stringify(name)}`)) return;
  const zone = o.hostedZoneName?.replace(/\.$/, '').toLowerCase();
  if (zone !== undefined && !v.isUnresolved(zone)) {
    const lower = name.toLowerCase();
    const zoneProp = n.hostedZone === 'hostedZone' ? 'hostedZone.zoneName' : 'hostedZoneName';
    v.check(lower === zone || lower.endsWith(`.${zone}`), `domainName must lie in the hosted zone '${zone}' (${zoneProp}), received '${name}'`);
  }
}
