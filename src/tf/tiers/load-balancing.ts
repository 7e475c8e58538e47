/**
 * Renders the load balancing tier as Terraform resources (aws_lb, listeners, target group, logs).
 */
import { Construct } from 'constructs';
import { TfNetwork } from './network';
import { ELB_LOG_DELIVERY_ACCOUNTS } from '../../core/aws/elb-accounts';
import { LoadBalancingAlgorithm } from '../../core/options/options';
import { AccessPlan, rulesOf } from '../../core/tiers/access';
import { LoadBalancingPlan } from '../../core/tiers/load-balancing';
import { ZonalShiftPlan } from '../../core/tiers/zonal-shift';
import { AwsResource, LoadBalancerArgs, aws } from '../private/resource';

export interface TfLoadBalancingContext {
  /**
   * The region's name when known at synth: it names the account that delivers access logs in
   * older regions. Without it, the `aws_elb_service_account` data source names it at plan time.
   */
  readonly regionName?: string;
  readonly account: string;
  readonly partition: string;
  /** The access-log bucket's name prefix (`plan.namePrefixes.accessLogsBucket`). */
  readonly accessLogsBucketPrefix: string;
  /** The plan's security groups and rules. */
  readonly access: AccessPlan;
  /** The user's access-log bucket, when the plan does not create one. */
  readonly accessLogsBucketName?: string;
  /** The user's certificate for the HTTPS listener. */
  readonly certificateArn?: string;
  /** The hosted zone of the plan's domain name: its alias record, and its certificate's validation. */
  readonly hostedZoneId?: string;
}

export interface TfLoadBalancing {
  readonly loadBalancer: AwsResource<object>;
  readonly securityGroup: AwsResource<object>;
  readonly targetGroup: AwsResource<object>;
  /** The access-log bucket the service created (undefined with the user's). */
  readonly accessLogsBucket?: AwsResource<object>;
  /** `http(s)://` and the domain name, or the load balancer's DNS name. */
  readonly url: string;
  /** The certificate the service requested, if it did. */
  readonly certificate?: AwsResource<object>;
  /** The listeners that forward to the target group (the HTTPS one waits for its certificate). */
  readonly forwardListeners: Array<AwsResource<object>>;
}

const ALGORITHMS: Record<LoadBalancingAlgorithm, string> = {
  [LoadBalancingAlgorithm.ROUND_ROBIN]: 'round_robin',
  [LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS]: 'least_outstanding_requests',
  [LoadBalancingAlgorithm.WEIGHTED_RANDOM]: 'weighted_random',
};

/**
 * The load balancer of the plan in Terraform: its security group (the listener ports from the
 * allowed CIDR blocks only), the ALB in every AZ with its hardening and zonal shift, the
 * access-log bucket (SSE-S3, SSL only, private, versioned, tiered then expired, announced to
 * EventBridge, writable by log delivery), the target group with the planned health check, and the
 * listeners. What aws-cdk-lib's constructs add by themselves is written here explicitly.
 */
export function renderLoadBalancing(
  scope: Construct, plan: LoadBalancingPlan, zonalShift: ZonalShiftPlan, network: TfNetwork, c: TfLoadBalancingContext,
): TfLoadBalancing {
  const vpcId = network.vpcId;
  const securityGroup = aws.securityGroup(scope, 'LoadBalancerSecurityGroup', {
    vpc_id: vpcId, description: c.access.groupDescriptions.loadBalancer!,
  });
  for (const rule of rulesOf(c.access, 'loadBalancer', 'ingress')) {
    if ('group' in rule.peer || rule.port === 'allTraffic') throw new Error(`the load balancer's ingress rule ${rule.id} is not a port from a CIDR block`);
    if ('vpcCidr' in rule.peer && network.vpcCidr === undefined) throw new Error('the plan admits the user\'s VPC\'s range: the network must give its CIDR block');
    aws.ingressRule(scope, rule.id, {
      security_group_id: securityGroup.attr('id'),
      ip_protocol: 'tcp',
      from_port: rule.port,
      to_port: rule.port,
      cidr_ipv4: 'cidr' in rule.peer ? rule.peer.cidr : network.vpcCidr!,
      description: rule.description,
    });
  }

  // The user's bucket must already let the load balancer deliver (as with the CloudFormation flavor).
  const own = plan.createAccessLogsBucket ? accessLogsBucket(scope, plan, c) : undefined;
  const bucketName = own?.bucket.attr('id') ?? c.accessLogsBucketName;
  if (bucketName === undefined) throw new Error('the plan uses the user\'s access-log bucket: give its name');
  const logs = plan.accessLogs;
  const loadBalancer = aws.loadBalancer(scope, 'LoadBalancer', {
    internal: !plan.internetFacing,
    load_balancer_type: 'application',
    security_groups: [securityGroup.attr('id')],
    subnets: plan.internetFacing ? network.subnetIds.public : network.subnetIds.private,
    drop_invalid_header_fields: true,
    desync_mitigation_mode: 'defensive',
    idle_timeout: plan.idleTimeoutSeconds,
    enable_deletion_protection: plan.deletionProtection,
    enable_zonal_shift: zonalShift.enabled,
    access_logs: { bucket: bucketName, prefix: logs.prefix, enabled: true },
    ...capacityReservation(plan),
  // The load balancer checks at creation that it may write to the bucket.
  }, own && [own.policy]);

  const hc = plan.healthCheck;
  const targetGroup = aws.targetGroup(scope, 'TargetGroup', {
    port: plan.appPort,
    protocol: 'HTTP',
    vpc_id: vpcId,
    target_type: 'instance',
    deregistration_delay: String(plan.deregistrationDelaySeconds),
    slow_start: plan.slowStartSeconds,
    load_balancing_algorithm_type: ALGORITHMS[plan.algorithm],
    load_balancing_anomaly_mitigation: plan.anomalyMitigation ? 'on' : undefined,
    load_balancing_cross_zone_enabled: plan.crossZoneLoadBalancing ? undefined : 'false',
    health_check: {
      enabled: true,
      path: hc.path,
      port: 'traffic-port',
      protocol: 'HTTP',
      interval: hc.intervalSeconds,
      timeout: hc.timeoutSeconds,
      healthy_threshold: hc.healthyThreshold,
      unhealthy_threshold: hc.unhealthyThreshold,
      matcher: '200',
    },
  });

  let certificate: AwsResource<object> | undefined;
  let certificateArn = c.certificateArn;
  if (plan.requestCertificate) {
    if (c.hostedZoneId === undefined || plan.domainName === undefined) throw new Error('the plan requests a certificate: give the hosted zone of its domain');
    ({ certificate, certificateArn } = validatedCertificate(scope, plan.domainName, c.hostedZoneId));
  }
  const forwardListeners: Array<AwsResource<object>> = [];
  for (const l of plan.listeners) {
    const https = l.protocol === 'HTTPS';
    if (https && certificateArn === undefined) throw new Error('the plan serves HTTPS: give the listener\'s certificate ARN');
    const listener = aws.listener(scope, `${l.id}Listener`, {
      load_balancer_arn: loadBalancer.attr('arn'),
      port: l.port,
      protocol: l.protocol,
      certificate_arn: https ? certificateArn : undefined,
      ssl_policy: l.sslPolicy,
      default_action: [l.action === 'forward'
        ? { type: 'forward', target_group_arn: targetGroup.attr('arn') }
        : { type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } }],
    });
    if (l.action === 'forward') forwardListeners.push(listener);
  }
  if (plan.aliasRecord) {
    aws.route53Record(scope, 'AliasRecord', {
      zone_id: c.hostedZoneId!,
      name: plan.domainName!,
      type: 'A',
      alias: { name: loadBalancer.attr('dns_name'), zone_id: loadBalancer.attr('zone_id'), evaluate_target_health: false },
    });
  }
  const url = `${plan.https ? 'https' : 'http'}://${plan.domainName ?? loadBalancer.attr('dns_name')}`;
  return { loadBalancer, securityGroup, targetGroup, accessLogsBucket: own?.bucket, url, certificate, forwardListeners };
}

/**
 * A DNS-validated ACM certificate for one domain: the certificate, its validation record (written
 * over when another configuration, e.g. another Region's, validated the same name first: ACM gives
 * a domain the same record in every Region) and the ARN once validated.
 */
export function validatedCertificate(
  scope: Construct, domainName: string, hostedZoneId: string, ownsValidationRecord = true,
): { certificate: AwsResource<object>; certificateArn: string } {
  const certificate = aws.certificate(scope, 'Certificate', { domain_name: domainName, validation_method: 'DNS' });
  // One domain, so one validation record.
  const option = (field: string) => `\${tolist(${certificate.fqn}.domain_validation_options)[0].${field}}`;
  // ACM gives the same validation record for the same name in every Region of an account: one
  // configuration owns it (whichever holds it in state deletes it on destroy, which would stop the
  // others' renewals); the others wait on it by name.
  const record = ownsValidationRecord
    ? aws.route53Record(scope, 'CertificateValidationRecord', {
      zone_id: hostedZoneId,
      name: option('resource_record_name'),
      type: 'CNAME',
      ttl: 60,
      records: [option('resource_record_value')],
      allow_overwrite: true,
    })
    : undefined;
  const certificateArn = aws.certificateValidation(scope, 'CertificateValidation', {
    certificate_arn: certificate.attr('arn'), validation_record_fqdns: record && [record.attr('fqdn')],
  }).attr('certificate_arn');
  return { certificate, certificateArn };
}

/**
 * The load balancer capacity units reserved for the planned peak. The provider waits for the
 * reservation to be provisioned within the create or update timeout: the plan's wait, since a
 * reservation can take hours and a create that times out leaves the load balancer tainted.
 */
function capacityReservation(plan: LoadBalancingPlan): Pick<LoadBalancerArgs, 'minimum_load_balancer_capacity' | 'timeouts'> {
  const reservation = plan.capacityReservation;
  if (!reservation) return {};
  const wait = `${reservation.provisioningWaitSeconds}s`;
  return { minimum_load_balancer_capacity: { capacity_units: reservation.units }, timeouts: { create: wait, update: wait } };
}

/**
 * The access-log bucket, as aws-cdk-lib writes it for the CloudFormation flavor: SSE-S3, SSL only,
 * private, versioned, tiered then expired, announced to EventBridge, writable by log delivery.
 */
function accessLogsBucket(scope: Construct, plan: LoadBalancingPlan, c: TfLoadBalancingContext) {
  const logs = plan.accessLogs;
  const bucket = aws.bucket(scope, 'AccessLogsBucket', { bucket_prefix: c.accessLogsBucketPrefix });
  const bucketName = bucket.attr('id');
  const versioning = aws.bucketVersioning(scope, 'AccessLogsBucketVersioning', { bucket: bucketName, versioning_configuration: { status: 'Enabled' } });
  aws.bucketEncryption(scope, 'AccessLogsBucketEncryption', { bucket: bucketName, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] });
  aws.bucketPublicAccessBlock(scope, 'AccessLogsBucketPublicAccessBlock', {
    bucket: bucketName, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
  });
  aws.bucketOwnership(scope, 'AccessLogsBucketOwnership', { bucket: bucketName, rule: { object_ownership: 'BucketOwnerEnforced' } });
  // A rule on noncurrent versions needs versioning on first (the provider's documented order).
  aws.bucketLifecycle(scope, 'AccessLogsBucketLifecycle', {
    bucket: bucketName,
    rule: [
      {
        id: 'TierThenExpire',
        status: 'Enabled',
        filter: {},
        transition: [{ days: logs.infrequentAccessAfterDays, storage_class: 'STANDARD_IA' }],
        expiration: [{ days: logs.expireAfterDays }],
      },
      {
        id: 'ExpireOldVersions',
        status: 'Enabled',
        filter: {},
        noncurrent_version_expiration: [{ noncurrent_days: logs.oldVersionsExpireAfterDays }],
        expiration: [{ expired_object_delete_marker: true }],
      },
    ],
  }, [versioning]);
  aws.bucketNotification(scope, 'AccessLogsBucketNotification', { bucket: bucketName, eventbridge: true });
  const bucketArn = bucket.attr('arn');
  const objects = `${bucketArn}/${logs.prefix}/AWSLogs/${c.account}/*`;
  // Older regions deliver from an ELB account of the region; newer ones from the service principal.
  const elbAccount = c.regionName !== undefined
    ? ELB_LOG_DELIVERY_ACCOUNTS[c.regionName] && `arn:${c.partition}:iam::${ELB_LOG_DELIVERY_ACCOUNTS[c.regionName]}:root`
    : aws.elbServiceAccount(scope, 'ElbServiceAccount').attr('arn');
  const policy = aws.bucketPolicy(scope, 'AccessLogsBucketPolicy', {
    bucket: bucketName,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        ...(elbAccount ? [{ Effect: 'Allow', Principal: { AWS: elbAccount }, Action: 's3:PutObject', Resource: objects }] : []),
        { Effect: 'Allow', Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }, Action: 's3:PutObject', Resource: objects },
      ],
    }),
  });

  return { bucket, policy };
}
