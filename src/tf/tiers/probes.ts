/**
 * Renders the outside-in probes as Terraform resources: the CloudWatch Synthetics canary (its
 * script in a zip written beside the configuration), its KMS-encrypted artifacts bucket and its
 * scoped role, as the CloudFormation flavor writes them. The canary's alarm is rendered with the
 * other alarms (monitoring.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { fnv1a32 } from '../../core/base/naming';
import { CANARY, PROBE_SCRIPT, ProbeTarget, ProbesPlan, canaryPolicy, probesEnvironment } from '../../core/tiers/probes';
import { TfContext, policyDocument, serviceKey } from '../context';
import { ISynthesisSession, TerraformStack, addCustomSynthesis } from '../private/cdktf';
import { AwsResource, aws } from '../private/resource';
import { storedZip } from '../private/zip';

// Argument interfaces of the resources this tier writes, named and typed as the provider's schema has them.
export interface KmsBucketEncryptionArgs {
  readonly bucket: string;
  readonly rule: Array<{
    readonly apply_server_side_encryption_by_default: { readonly sse_algorithm: 'aws:kms'; readonly kms_master_key_id: string };
    readonly bucket_key_enabled: boolean;
  }>;
}
export interface SyntheticsCanaryArgs {
  readonly name: string;
  readonly artifact_s3_location: string;
  readonly execution_role_arn: string;
  readonly handler: string;
  /** A path to the zip, which the provider reads when it applies. */
  readonly zip_file: string;
  readonly runtime_version: string;
  readonly start_canary: boolean;
  readonly delete_lambda: boolean;
  readonly schedule: { readonly expression: string; readonly duration_in_seconds: number };
  readonly run_config: { readonly timeout_in_seconds: number; readonly environment_variables: Record<string, string> };
  readonly success_retention_period: number;
  readonly failure_retention_period: number;
  readonly artifact_config: { readonly s3_encryption: { readonly encryption_mode: 'SSE_KMS'; readonly kms_key_arn: string } };
}

/** The canary and its parts. */
export interface TfProbes {
  readonly canary: AwsResource<object>;
  readonly artifactsBucket: AwsResource<object>;
  readonly role: AwsResource<object>;
}

/**
 * The zip the canary runs: the plan's script as `nodejs/node_modules/index.js` (where a Node.js
 * Synthetics runtime looks for `index.handler`: CloudWatch User Guide, "Packaging your Node.js
 * canary files"), named after its content so that a new script is a new `zip_file` (the provider
 * reads the file only when the argument changes: internal/service/synthetics/canary.go).
 */
export const PROBE_ZIP = {
  fileName: (plan: ProbesPlan) => `${plan.canaryName}-${fnv1a32(PROBE_SCRIPT)}.zip`,
  bytes: () => storedZip([{ name: 'nodejs/node_modules/index.js', content: PROBE_SCRIPT }]),
};

/**
 * The canary of the plan in Terraform: the bucket (SSE-KMS with its own key and an S3 Bucket Key,
 * TLS only, private, versioned, artifacts expired with the canary's retention, announced to
 * EventBridge), the role (core/tiers/probes.ts `canaryPolicy`), and the canary, started once
 * created (`start_canary`, false by default in the provider) and its Lambda function and layers
 * deleted with it (`delete_lambda`, false by default; CreateCanary's ProvisionedResourceCleanup
 * also defaults to AUTOMATIC). `loadBalancerDnsName` is the host of a target without a domain name.
 */
export function renderProbes(scope: Construct, stack: TerraformStack, plan: ProbesPlan, loadBalancerDnsName: string, c: TfContext): TfProbes {
  const key = serviceKey(scope, 'ProbeArtifactsKey', 'Encrypts the outside-in canary\'s artifacts', c);
  const keyArn = key.attr('arn');
  const artifactsBucket = aws.bucket(scope, 'ProbeArtifactsBucket', { bucket_prefix: c.namePrefixes.probeArtifactsBucket });
  const bucket = artifactsBucket.attr('id');
  const bucketArn = artifactsBucket.attr('arn');
  const versioning = aws.bucketVersioning(scope, 'ProbeArtifactsBucketVersioning', { bucket, versioning_configuration: { status: 'Enabled' } });
  new AwsResource<KmsBucketEncryptionArgs>(scope, 'ProbeArtifactsBucketEncryption', 'aws_s3_bucket_server_side_encryption_configuration', {
    bucket, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn }, bucket_key_enabled: true }],
  });
  aws.bucketPublicAccessBlock(scope, 'ProbeArtifactsBucketPublicAccessBlock', {
    bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
  });
  aws.bucketOwnership(scope, 'ProbeArtifactsBucketOwnership', { bucket, rule: { object_ownership: 'BucketOwnerEnforced' } });
  aws.bucketLifecycle(scope, 'ProbeArtifactsBucketLifecycle', {
    bucket,
    rule: [
      { id: 'ExpireArtifacts', status: 'Enabled', filter: {}, expiration: [{ days: plan.artifacts.expireAfterDays }] },
      {
        id: 'ExpireOldVersions',
        status: 'Enabled',
        filter: {},
        noncurrent_version_expiration: [{ noncurrent_days: plan.artifacts.oldVersionsExpireAfterDays }],
        expiration: [{ expired_object_delete_marker: true }],
      },
    ],
  }, [versioning]);
  aws.bucketNotification(scope, 'ProbeArtifactsBucketNotification', { bucket, eventbridge: true });
  aws.bucketPolicy(scope, 'ProbeArtifactsBucketPolicy', {
    bucket,
    policy: policyDocument([{
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }]),
  });

  const role = aws.iamRole(scope, 'ProbeRole', {
    name_prefix: c.namePrefixes.probeRole,
    description: `Runs the outside-in canary ${plan.canaryName}`,
    assume_role_policy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
  });
  const policy = aws.iamRolePolicy(scope, 'ProbeRolePolicy', {
    role: role.attr('id'),
    policy: policyDocument(canaryPolicy(plan, { ...c, bucketArn, keyArn })),
  });

  const zip = PROBE_ZIP.fileName(plan);
  // A construct of its own: cdktf takes one custom synthesis per construct (the service writes its report).
  addCustomSynthesis(new Construct(scope, 'ProbeCode'), {
    onSynthesize(session: ISynthesisSession) {
      fs.writeFileSync(path.join(session.outdir, session.manifest.forStack(stack).workingDirectory, zip), PROBE_ZIP.bytes());
    },
  });
  const url = (t: ProbeTarget) => `${t.protocol}://${t.domainName ?? loadBalancerDnsName}`;
  const canary = new AwsResource<SyntheticsCanaryArgs>(scope, 'Canary', 'aws_synthetics_canary', {
    name: plan.canaryName,
    artifact_s3_location: `s3://${bucket}`,
    execution_role_arn: role.attr('arn'),
    handler: plan.handler,
    zip_file: `\${path.module}/${zip}`,
    runtime_version: plan.runtimeVersion,
    start_canary: true,
    delete_lambda: true,
    schedule: { expression: plan.scheduleExpression, duration_in_seconds: 0 },
    run_config: {
      timeout_in_seconds: plan.timeoutSeconds,
      environment_variables: { [CANARY.environmentVariable]: JSON.stringify(probesEnvironment(plan, url)) },
    },
    success_retention_period: plan.successRetentionDays,
    failure_retention_period: plan.failureRetentionDays,
    artifact_config: { s3_encryption: { encryption_mode: 'SSE_KMS', kms_key_arn: keyArn } },
  // The role's policy before the first run (the canary names only the role).
  }, [policy]);
  return { canary, artifactsBucket, role };
}
