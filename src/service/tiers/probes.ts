/**
 * Renders the outside-in probes (aws-cdk-lib): the CloudWatch Synthetics canary (L1, with the
 * plan's script inline), its KMS-encrypted artifacts bucket and its scoped role. The canary's
 * alarm is rendered with the other alarms (alarms.ts).
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { CANARY, PROBE_SCRIPT, ProbeTarget, ProbesPlan, canaryLogGroupArn, canaryPolicy, probesEnvironment } from '../../core/tiers/probes';
import { acknowledge, acknowledgeControl } from '../private/acknowledge';
import { serviceKey } from '../private/keys';

/** The canary and its parts. */
export interface ServiceProbes {
  readonly canary: synthetics.CfnCanary;
  readonly artifactsBucket: s3.Bucket;
  readonly artifactsKey: kms.Key;
  readonly role: iam.Role;
}

/**
 * The canary of the plan: its bucket (SSE-KMS with its own key and an S3 Bucket Key, TLS only,
 * private, versioned, artifacts expired with the canary's retention), its role (only what
 * CreateCanary's ExecutionRoleArn lists, scoped: core/tiers/probes.ts) and the canary, started
 * once created, its Lambda function and layers deleted with it (`ProvisionedResourceCleanup`).
 * `loadBalancerDnsName` is the host of a target without a domain name.
 */
export function createProbes(scope: Construct, plan: ProbesPlan, loadBalancerDnsName: string): ServiceProbes {
  const stack = Stack.of(scope);
  const artifactsKey = serviceKey(scope, 'ProbeArtifactsKey', 'Encrypts the outside-in canary\'s artifacts');
  const artifactsBucket = new s3.Bucket(scope, 'ProbeArtifactsBucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: artifactsKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [
      { id: 'ExpireArtifacts', expiration: Duration.days(plan.artifacts.expireAfterDays) },
      { id: 'ExpireOldVersions', noncurrentVersionExpiration: Duration.days(plan.artifacts.oldVersionsExpireAfterDays), expiredObjectDeleteMarker: true },
    ],
    // Kept, like the access-log bucket: S3 deletes only an empty bucket, and the canary writes every
    // minute. The lifecycle empties it within a month; its key is kept with it.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // New artifacts are announced on the default event bus (AWS Control Tower CT.S3.PR.4), as the access-log bucket's are.
  (artifactsBucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  acknowledge(artifactsBucket, 'AwsSolutions-S1',
    'This bucket holds only the outside-in canary\'s run artifacts (its logs and HAR files), written by the canary\'s role alone; logging access to it would need another bucket and tells nothing about the service.');
  acknowledgeControl(artifactsBucket, 'CT.S3.PR.2', 's3_bucket_logging_enabled_check',
    'The bucket holds only the canary\'s run artifacts, expired after a month; its server access logs would need a bucket of their own, which the control would flag the same way.');
  acknowledgeControl(artifactsBucket, 'CT.S3.PR.9', 's3_bucket_object_lock_enabled_check',
    'Object Lock cannot be turned off once on and would keep the lifecycle from expiring the canary\'s month-old artifacts; versioning already keeps a deleted artifact for a week.');

  const policyContext = {
    partition: Aws.PARTITION, account: Aws.ACCOUNT_ID, region: Aws.REGION, bucketArn: artifactsBucket.bucketArn, keyArn: artifactsKey.keyArn,
  };
  const role = new iam.Role(scope, 'ProbeRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the outside-in canary ${plan.canaryName}`,
    inlinePolicies: { probe: iam.PolicyDocument.fromJson({ Version: '2012-10-17', Statement: canaryPolicy(plan, policyContext) }) },
  });
  acknowledge(role, 'AwsSolutions-IAM5[Resource::*]',
    's3:ListAllMyBuckets and cloudwatch:PutMetricData take no resource (Service Authorization Reference); CreateCanary requires both of a canary\'s role. PutMetricData is held to the CloudWatchSynthetics namespace by its condition.');
  // cdk-nag names a resource as the template has it, pseudo parameters written `<AWS::Name>`.
  acknowledge(role, `AwsSolutions-IAM5[Resource::${canaryLogGroupArn(plan, { partition: '<AWS::Partition>', account: '<AWS::AccountId>', region: '<AWS::Region>' })}]`,
    `Synthetics names the canary's function cwsyn-${plan.canaryName}-<id>, the id known only once it is created: the role writes only the log groups of that function.`);
  acknowledge(role, `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(artifactsBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
    'The canary writes a new object per run, under keys it chooses: the role may put objects in its own artifacts bucket only.');

  const url = (t: ProbeTarget) => `${t.protocol}://${t.domainName ?? loadBalancerDnsName}`;
  const canary = new synthetics.CfnCanary(scope, 'Canary', {
    name: plan.canaryName,
    runtimeVersion: plan.runtimeVersion,
    code: { handler: plan.handler, script: PROBE_SCRIPT },
    artifactS3Location: `s3://${artifactsBucket.bucketName}`,
    artifactConfig: { s3Encryption: { encryptionMode: 'SSE_KMS', kmsKeyArn: artifactsKey.keyArn } },
    executionRoleArn: role.roleArn,
    schedule: { expression: plan.scheduleExpression, durationInSeconds: '0' },
    runConfig: {
      timeoutInSeconds: plan.timeoutSeconds,
      environmentVariables: { [CANARY.environmentVariable]: stack.toJsonString(probesEnvironment(plan, url)) },
    },
    successRetentionPeriod: plan.successRetentionDays,
    failureRetentionPeriod: plan.failureRetentionDays,
    startCanaryAfterCreation: true,
    // The Lambda function and layers Synthetics made for it go with it (CreateCanary, ProvisionedResourceCleanup).
    provisionedResourceCleanup: 'AUTOMATIC',
  });
  return { canary, artifactsBucket, artifactsKey, role };
}
