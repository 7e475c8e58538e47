/**
 * The formats of references to existing AWS resources (ids and ARNs) a Terraform user passes as text,
 * checked at synth so that a malformed one names its prop instead of failing at apply.
 */
import { Validator } from '../base/validation';

/**
 * The kinds of references to existing AWS resources a renderer may take as plain text (the
 * Terraform flavor takes ids and ARNs where the CloudFormation flavor takes CDK objects), and
 * what each must look like: a malformed id fails at synth, naming the prop, not at apply.
 */
export enum ReferenceKind {
  AMI_ID = 'amiId',
  VPC_ID = 'vpcId',
  SUBNET_ID = 'subnetId',
  HOSTED_ZONE_ID = 'hostedZoneId',
  CERTIFICATE_ARN = 'certificateArn',
  TOPIC_ARN = 'topicArn',
  SSM_PARAMETER_NAME = 'ssmParameterName',
  BUCKET_NAME = 'bucketName',
}

/** One reference: the prop (with its index in a list), its value, its kind. */
export interface ReferenceInput {
  readonly prop: string;
  readonly value: string;
  readonly kind: ReferenceKind;
}

const EC2_ID = (prefix: string) => new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
const PARTITION = 'aws(-[a-z]+)*';

const FORMATS: Record<ReferenceKind, { readonly pattern: RegExp; readonly what: string }> = {
  [ReferenceKind.AMI_ID]: { pattern: EC2_ID('ami'), what: 'an AMI id (ami- and 8 or 17 hex digits)' },
  [ReferenceKind.VPC_ID]: { pattern: EC2_ID('vpc'), what: 'a VPC id (vpc- and 8 or 17 hex digits)' },
  [ReferenceKind.SUBNET_ID]: { pattern: EC2_ID('subnet'), what: 'a subnet id (subnet- and 8 or 17 hex digits)' },
  [ReferenceKind.HOSTED_ZONE_ID]: { pattern: /^Z[A-Z0-9]{1,31}$/, what: 'a Route 53 hosted zone id (Z and up to 31 upper-case letters or digits)' },
  [ReferenceKind.CERTIFICATE_ARN]: {
    pattern: new RegExp(`^arn:${PARTITION}:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]{36}$`),
    what: 'the ARN of an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>)',
  },
  [ReferenceKind.TOPIC_ARN]: {
    pattern: new RegExp(`^arn:${PARTITION}:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}$`),
    what: 'the ARN of a standard SNS topic (arn:aws:sns:<region>:<account>:<name>)',
  },
  [ReferenceKind.SSM_PARAMETER_NAME]: { pattern: /^[a-zA-Z0-9_.\-/]{1,2048}$/, what: 'an SSM parameter name (letters, digits, _ . - and /)' },
  [ReferenceKind.BUCKET_NAME]: {
    pattern: /^(?=.{3,63}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    what: 'an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)',
  },
};

/** Props that name the same thing in two ways. */
const EXCLUSIVE: Array<[string, string]> = [['machineImageId', 'machineImageParameter']];

/**
 * Checks each reference whose value is known at synth against the format of its kind, and that
 * two references that say the same thing (an AMI id and an AMI parameter) are not both given.
 */
export function checkReferences(references: ReferenceInput[] | undefined, v: Validator): void {
  const given = new Set((references ?? []).map((r) => r.prop));
  for (const [a, b] of EXCLUSIVE) {
    v.check(!(given.has(a) && given.has(b)), `${a} and ${b} both choose the same thing: give one; received both`);
  }
  for (const r of references ?? []) {
    if (!v.known(r.value)) continue;
    const format = FORMATS[r.kind];
    v.check(format.pattern.test(r.value), `${r.prop} must be ${format.what}, received ${JSON.stringify(r.value)}`);
  }
}
