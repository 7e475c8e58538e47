/**
 * cdk-nag and Control Tower acknowledgements the renderer makes, each with its specific reason, in one place.
 */
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The validation namespace cdk-nag's AwsSolutions pack reports under. */
const NAG_NAMESPACE = 'AwsSolutions';
/** The validation namespace of `@cdklabs/cdk-validator-cfnguard` (AWS Control Tower's proactive controls). */
const CONTROL_TOWER_NAMESPACE = 'cdk-validator-cfnguard';

/**
 * Records why a cdk-nag AwsSolutions rule does not apply to a construct. Every acknowledgement
 * the library makes goes through here, each with a reason specific to it. The rule is named with
 * its validation namespace (`AwsSolutions::AwsSolutions-S1`), the id the validation report asks
 * for; a bare id would only acknowledge an annotation of that name.
 */
export function acknowledge(construct: IConstruct, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `${NAG_NAMESPACE}::${rule}`, reason });
}

/**
 * Records why an AWS Control Tower proactive control does not apply to a construct, for the
 * cfn-guard validation plugin. The rule is named as cfn-guard names it (e.g.
 * `s3_bucket_versioning_enabled_check`); `control` is Control Tower's id, kept in the reason so
 * the README and a reader can find it. A Control Tower hook in a governed account reads only the
 * template and is not bound by this: the README says what to do there.
 */
export function acknowledgeControl(construct: IConstruct, control: string, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `${CONTROL_TOWER_NAMESPACE}::${rule}`, reason: `${control}: ${reason}` });
}

/** The validation namespace of aws-cdk-lib's own CloudFormation checks (`@aws-cdk/core:validateAgainstDefaultRules`). */
const CLOUDFORMATION_VALIDATE_NAMESPACE = 'CloudFormation-Validate';

/**
 * Records why one of aws-cdk-lib's CloudFormation validation findings is wrong for a construct
 * (a value the service API accepts that the rule's data does not list).
 */
export function acknowledgeValidation(construct: IConstruct, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `${CLOUDFORMATION_VALIDATE_NAMESPACE}::${rule}`, reason });
}
