/**
 * Renders the load balancing tier: the ALB, its listeners, target group, access logs and reserved capacity (aws-cdk-lib).
 */
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { LoadBalancingAlgorithm } from '../../core/options/options';
import { AccessPlan, rulesOf } from '../../core/tiers/access';
import { LoadBalancingPlan } from '../../core/tiers/load-balancing';
import { acknowledge, acknowledgeControl } from '../private/acknowledge';

export interface LoadBalancingOptions {
  readonly vpc: ec2.IVpc;
  /** The load balancer's slice of the plan. */
  readonly plan: LoadBalancingPlan;
  /** The security groups and rules of the plan. */
  readonly access: AccessPlan;
  readonly certificate?: acm.ICertificate;
  readonly hostedZone?: route53.IHostedZone;
  readonly accessLogsBucket?: s3.IBucket;
}

export interface LoadBalancing {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  /** The listener that forwards to the fleet. */
  readonly listener: elbv2.ApplicationListener;
  /** The HTTP listener that redirects to HTTPS, when there is one. */
  readonly redirectListener?: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly accessLogsBucket: s3.IBucket;
  readonly certificate?: acm.ICertificate;
  readonly url: string;
}

const ALGORITHMS: Record<LoadBalancingAlgorithm, elbv2.TargetGroupLoadBalancingAlgorithmType> = {
  [LoadBalancingAlgorithm.ROUND_ROBIN]: elbv2.TargetGroupLoadBalancingAlgorithmType.ROUND_ROBIN,
  [LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS]: elbv2.TargetGroupLoadBalancingAlgorithmType.LEAST_OUTSTANDING_REQUESTS,
  [LoadBalancingAlgorithm.WEIGHTED_RANDOM]: elbv2.TargetGroupLoadBalancingAlgorithmType.WEIGHTED_RANDOM,
};

/**
 * The Application Load Balancer in every AZ, its listeners, its access-log bucket and the target
 * group the fleet registers with.
 */
export function createLoadBalancing(scope: Construct, options: LoadBalancingOptions): LoadBalancing {
  const { vpc, plan } = options;

  const securityGroup = new ec2.SecurityGroup(scope, 'LoadBalancerSecurityGroup', {
    vpc,
    description: options.access.groupDescriptions.loadBalancer,
    allowAllOutbound: false,
  });
  // Its egress to the fleet's app port comes with the target group's attachment (aws-cdk-lib's connections).
  for (const rule of rulesOf(options.access, 'loadBalancer', 'ingress')) {
    if ('group' in rule.peer || rule.port === 'allTraffic') throw new Error(`the load balancer's ingress rule ${rule.id} is not a port from a CIDR block`);
    securityGroup.addIngressRule(ec2.Peer.ipv4('cidr' in rule.peer ? rule.peer.cidr : vpc.vpcCidrBlock), ec2.Port.tcp(rule.port), rule.description);
  }
  if (plan.allowVpcCidr && Token.isUnresolved(vpc.vpcCidrBlock)) {
    // cdk-nag cannot read a range known only at deploy time, and fails the group for it.
    acknowledge(securityGroup, 'AwsSolutions-EC23',
      'The internal load balancer admits its VPC\'s own range (the VPC\'s CidrBlock, known at deploy time), not the internet. Narrow it with allowedCidrs.');
  }
  if (plan.openToInternet) {
    acknowledge(securityGroup, 'AwsSolutions-EC23',
      'The internet-facing load balancer is the public entry point of the web service; only the listener ports are open. Narrow it with allowedCidrs.');
  }

  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    internetFacing: plan.internetFacing,
    vpcSubnets: { subnetType: plan.internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
    securityGroup,
    dropInvalidHeaderFields: true,
    deletionProtection: plan.deletionProtection,
    idleTimeout: Duration.seconds(plan.idleTimeoutSeconds),
    desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
    // Load balancer capacity units reserved for the planned peak (MinimumLoadBalancerCapacity).
    minimumCapacityUnit: plan.capacityReservation?.units,
  });

  const accessLogsBucket = options.accessLogsBucket ?? createAccessLogsBucket(scope, plan.accessLogs);
  logAccessLogs(loadBalancer, accessLogsBucket, plan.accessLogs.prefix);

  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'TargetGroup', {
    vpc,
    port: plan.appPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.INSTANCE,
    deregistrationDelay: Duration.seconds(plan.deregistrationDelaySeconds),
    slowStart: plan.slowStartSeconds !== undefined ? Duration.seconds(plan.slowStartSeconds) : undefined,
    loadBalancingAlgorithmType: ALGORITHMS[plan.algorithm],
    enableAnomalyMitigation: plan.anomalyMitigation ? true : undefined,
    // Off: AZ independence (each node sends to its own AZ's instances); on, the default, stays unset.
    crossZoneEnabled: plan.crossZoneLoadBalancing ? undefined : false,
    healthCheck: {
      enabled: true,
      path: plan.healthCheck.path,
      port: 'traffic-port',
      protocol: elbv2.Protocol.HTTP,
      interval: Duration.seconds(plan.healthCheck.intervalSeconds),
      timeout: Duration.seconds(plan.healthCheck.timeoutSeconds),
      healthyThresholdCount: plan.healthCheck.healthyThreshold,
      unhealthyThresholdCount: plan.healthCheck.unhealthyThreshold,
      healthyHttpCodes: '200',
    },
  });

  const certificate = plan.requestCertificate
    ? new acm.Certificate(scope, 'Certificate', {
      domainName: plan.domainName!,
      validation: acm.CertificateValidation.fromDns(options.hostedZone),
    })
    : options.certificate;

  let listener: elbv2.ApplicationListener | undefined;
  let redirectListener: elbv2.ApplicationListener | undefined;
  for (const l of plan.listeners) {
    if (l.action === 'forward') {
      listener = loadBalancer.addListener(l.id, {
        port: l.port,
        protocol: l.protocol === 'HTTPS' ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
        certificates: l.protocol === 'HTTPS' ? [certificate!] : undefined,
        sslPolicy: l.sslPolicy as elbv2.SslPolicy | undefined,
        open: false,
        defaultTargetGroups: [targetGroup],
      });
      if (l.protocol === 'HTTP') {
        acknowledgeControl(listener, 'CT.ELASTICLOADBALANCING.PR.1', 'alb_http_to_https_redirection_check',
          'Without a certificate there is no HTTPS listener to redirect to (the service warns with noHttps); give a certificate, or a domainName with its hostedZone, and port 80 redirects.');
      }
    } else {
      redirectListener = loadBalancer.addListener(l.id, {
        port: l.port,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: false,
        defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      });
    }
  }

  if (plan.aliasRecord) {
    new route53.ARecord(scope, 'AliasRecord', {
      zone: options.hostedZone!,
      recordName: plan.domainName,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(loadBalancer)),
    });
  }

  const host = plan.domainName ?? loadBalancer.loadBalancerDnsName;
  const url = `${plan.https ? 'https' : 'http'}://${host}`;
  return { loadBalancer, securityGroup, listener: listener!, redirectListener, targetGroup, accessLogsBucket, certificate, url };
}

/**
 * Turns on access logs. aws-cdk-lib needs a concrete region to name the region's load balancer
 * log-delivery account; in an environment-agnostic stack the account comes from a region mapping
 * instead, and the log-delivery service principal covers the regions that use it.
 */
function logAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(loadBalancer);
  if (!Token.isUnresolved(stack.region)) {
    loadBalancer.logAccessLogs(bucket, prefix);
    return;
  }
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
  const objects = bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/*`);
  const elbAccount = stack.regionalFact(FactName.ELBV2_ACCOUNT);
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(`arn:${stack.partition}:iam::${elbAccount}:root`)],
    resources: [objects],
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    resources: [objects],
  }));
  const policy = bucket.policy?.node.defaultChild;
  if (policy) loadBalancer.node.addDependency(policy);
}

function createAccessLogsBucket(scope: Construct, logs: LoadBalancingPlan['accessLogs']): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogsBucket', {
    // Load balancer access logs can only be delivered to SSE-S3 encrypted buckets.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    // A deleted or overwritten log stays recoverable for 30 days (AWS Control Tower CT.S3.PR.11).
    versioned: true,
    lifecycleRules: [
      {
        id: 'TierThenExpire',
        transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(logs.infrequentAccessAfterDays) }],
        expiration: Duration.days(logs.expireAfterDays),
      },
      { id: 'ExpireOldVersions', noncurrentVersionExpiration: Duration.days(logs.oldVersionsExpireAfterDays), expiredObjectDeleteMarker: true },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // New log objects are announced on the account's default event bus (AWS Control Tower
  // CT.S3.PR.4), free until someone adds a rule. Set on the bucket itself: aws-cdk-lib's
  // notification support would add a custom-resource Lambda function.
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  acknowledge(bucket, 'AwsSolutions-S1',
    'This bucket receives the load balancer access logs; logging access to the log bucket itself would need another bucket and adds no request trail for the service.');
  acknowledgeControl(bucket, 'CT.S3.PR.2', 's3_bucket_logging_enabled_check',
    'This bucket is itself a log destination; its server access logs would need another bucket, which the control would flag the same way. Where it is enforced, pass a bucket created outside this template (e.g. your organisation\'s log archive bucket) as accessLogsBucket.');
  acknowledgeControl(bucket, 'CT.S3.PR.9', 's3_bucket_object_lock_enabled_check',
    'Object Lock cannot be turned off once on and would keep the lifecycle from expiring year-old logs; versioning already keeps deleted logs for 30 days. Where it is enforced, pass a bucket created outside this template (e.g. your organisation\'s log archive bucket) as accessLogsBucket.');
  acknowledgeControl(bucket, 'CT.S3.PR.10', 's3_bucket_default_encryption_kms_check',
    'Load balancers deliver access logs only to buckets encrypted with SSE-S3, not with a KMS key. Where it is enforced, pass a bucket created outside this template (e.g. your organisation\'s log archive bucket) as accessLogsBucket.');
  return bucket;
}
