/**
 * What every Terraform tier renderer is handed about where it renders: partition, account and Region
 * as references, and the service's physical-name prefixes.
 */
import { Construct } from 'constructs';
import { Fn, TerraformResource } from './private/cdktf';
import { AwsResource, aws } from './private/resource';
import { NamePrefixesPlan } from '../core/base/naming';
import { AccessPlan } from '../core/tiers/access';
import { KeyPolicyContext, PolicyStatementJson, grantsOnlyForAwsServices, keyAdministration } from '../core/tiers/keys';

/**
 * What every Terraform tier needs to know of where it is rendered: the partition, account and
 * region as references (data sources) and the service's physical-name prefix.
 */
export interface TfContext extends KeyPolicyContext {
  /** The plan's name prefix (`plan.namePrefix`), unique per service and account. */
  readonly namePrefix: string;
  /** The plan's name prefixes (`plan.namePrefixes`): Terraform adds its unique suffix to each. */
  readonly namePrefixes: NamePrefixesPlan;
  /** The plan's security groups and rules (`plan.access`). */
  readonly access: AccessPlan;
  /** The region's name when known at synth (a literal), else undefined. */
  readonly regionName?: string;
}

/**
 * The partition, account and region of the provider in use, as references (data sources), or the
 * region's name when it is known at synth.
 */
export function awsReferences(scope: Construct, regionName?: string): KeyPolicyContext {
  return {
    partition: aws.partition(scope, 'Partition').attr('partition'),
    account: aws.callerIdentity(scope, 'Account').attr('account_id'),
    region: regionName ?? aws.region(scope, 'Region').attr('region'),
  };
}

/** IAM policy JSON of a list of statements, as Terraform wants it (a string). */
export function policyDocument(statements: PolicyStatementJson[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * A final snapshot's name: the plan's prefix and the creation time of the resource that takes it
 * (yyyymmddhhmmss). `timestamp()` is read once, when the resource is created: the argument is in
 * the resource's `ignore_changes` ({@link keepCreationTime}), which Terraform never applies to a
 * create, so each creation (a replacement included) names its own snapshot, and a destroy never
 * meets the name of one kept from an earlier destroy.
 */
export function createdAtName(prefix: string): string {
  return `${prefix}${Fn.formatdate('YYYYMMDDhhmmss', Fn.timestamp())}`;
}

/** Keeps the creation-time name of a resource's final snapshot ({@link createdAtName}) through later plans. */
export function keepCreationTime(resource: TerraformResource): void {
  const ignored = resource.lifecycle?.ignoreChanges;
  resource.lifecycle = { ...resource.lifecycle, ignoreChanges: [...(Array.isArray(ignored) ? ignored : []), 'final_snapshot_identifier'] };
}

/**
 * Keeps a key that encrypts data outliving the configuration (retained log groups, a final
 * snapshot): Terraform has no `skip_destroy` for keys, so `terraform destroy` stops at it until it
 * is taken out of the state (`terraform state rm`), which keeps it in AWS. Without the key, the
 * kept data could never be read again (the CloudFormation flavor retains these keys).
 */
export function retainKey(key: TerraformResource): void {
  key.lifecycle = { ...key.lifecycle, preventDestroy: true };
}

/**
 * A customer-managed KMS key with yearly rotation, administered by the account through IAM, on
 * which only AWS services may create grants (CT.KMS.PR.3), plus the statements the tier adds:
 * the same policy as the CloudFormation flavor's `serviceKey`.
 */
export function serviceKey(
  scope: Construct, id: string, description: string, c: KeyPolicyContext, statements: PolicyStatementJson[] = [],
): AwsResource<object> {
  return aws.kmsKey(scope, id, {
    description,
    enable_key_rotation: true,
    policy: policyDocument([keyAdministration(c), grantsOnlyForAwsServices(), ...statements]),
  });
}
