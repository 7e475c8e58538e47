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
import { acknowledge, acknowledgeControl } from './private/acknowledge';
import { LoadBalancingAlgorithm, ServiceBlueprint } from '../core/blueprint';
import { DEFAULTS } from '../core/defaults';

export interface LoadBalancingOptions {
  readonly vpc: ec2.IVpc;
  readonly blueprint: ServiceBlueprint;
  readonly internetFacing: boolean;
  readonly certificate?: acm.ICertificate;
  readonly domainName?: string;
  readonly hostedZone?: route53.IHostedZone;
  readonly accessLogsBucket?: s3.IBucket;
}

export interface LoadBalancing {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
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
  const { vpc, blueprint: bp } = options;

  const securityGroup = new ec2.SecurityGroup(scope, 'LoadBalancerSecurityGroup', {
    vpc,
    description: 'Load balancer: the listener ports from the allowed CIDR blocks only',
    allowAllOutbound: false,
  });
  for (const cidr of bp.allowedCidrs) {
    for (const port of bp.listenerPorts) {
      securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(port), `Listener ${port} from ${cidr}`);
    }
  }
  if (options.internetFacing && bp.allowedCidrs.includes('0.0.0.0/0')) {
    acknowledge(securityGroup, 'AwsSolutions-EC23',
      'The internet-facing load balancer is the public entry point of the web service; only the listener ports are open. Narrow it with allowedCidrs.');
  }

  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    internetFacing: options.internetFacing,
    vpcSubnets: { subnetType: options.internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
    securityGroup,
    dropInvalidHeaderFields: true,
    deletionProtection: bp.deletionProtection,
    idleTimeout: Duration.seconds(DEFAULTS.idleTimeoutSeconds),
    desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
  });

  const accessLogsBucket = options.accessLogsBucket ?? createAccessLogsBucket(scope);
  logAccessLogs(loadBalancer, accessLogsBucket, ACCESS_LOG_PREFIX);

  const weightedRandom = bp.loadBalancingAlgorithm === LoadBalancingAlgorithm.WEIGHTED_RANDOM;
  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'TargetGroup', {
    vpc,
    port: bp.appPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.INSTANCE,
    deregistrationDelay: Duration.seconds(bp.deregistrationDelaySeconds),
    slowStart: bp.slowStartSeconds !== undefined ? Duration.seconds(bp.slowStartSeconds) : undefined,
    loadBalancingAlgorithmType: ALGORITHMS[bp.loadBalancingAlgorithm],
    enableAnomalyMitigation: weightedRandom ? true : undefined,
    healthCheck: {
      enabled: true,
      path: bp.healthCheck.path,
      port: 'traffic-port',
      protocol: elbv2.Protocol.HTTP,
      interval: Duration.seconds(bp.healthCheck.intervalSeconds),
      timeout: Duration.seconds(bp.healthCheck.timeoutSeconds),
      healthyThresholdCount: bp.healthCheck.healthyThreshold,
      unhealthyThresholdCount: bp.healthCheck.unhealthyThreshold,
      healthyHttpCodes: '200',
    },
  });

  let certificate = options.certificate;
  if (!certificate && options.domainName && options.hostedZone) {
    certificate = new acm.Certificate(scope, 'Certificate', {
      domainName: options.domainName,
      validation: acm.CertificateValidation.fromDns(options.hostedZone),
    });
  }

  let listener: elbv2.ApplicationListener;
  if (certificate) {
    listener = loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultTargetGroups: [targetGroup],
    });
    loadBalancer.addListener('HttpRedirect', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
  } else {
    listener = loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [targetGroup],
    });
    acknowledgeControl(listener, 'CT.ELASTICLOADBALANCING.PR.1', 'alb_http_to_https_redirection_check',
      'Without a certificate there is no HTTPS listener to redirect to (the service warns with noHttps); give a certificate, or a domainName with its hostedZone, and port 80 redirects.');
  }

  if (options.domainName && options.hostedZone) {
    new route53.ARecord(scope, 'AliasRecord', {
      zone: options.hostedZone,
      recordName: options.domainName,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(loadBalancer)),
    });
  }

  const host = options.domainName ?? loadBalancer.loadBalancerDnsName;
  const url = `${certificate ? 'https' : 'http'}://${host}`;
  return { loadBalancer, listener, targetGroup, accessLogsBucket, certificate, url };
}

const ACCESS_LOG_PREFIX = 'alb';

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

function createAccessLogsBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogsBucket', {
    // Load balancer access logs can only be delivered to SSE-S3 encrypted buckets.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    // A deleted or overwritten log stays recoverable for 30 days (AWS Control Tower CT.S3.PR.11).
    versioned: true,
    lifecycleRules: [
      { id: 'TierThenExpire', transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }], expiration: Duration.days(365) },
      { id: 'ExpireOldVersions', noncurrentVersionExpiration: Duration.days(30), expiredObjectDeleteMarker: true },
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
