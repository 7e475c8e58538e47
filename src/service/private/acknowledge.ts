import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The validation namespace cdk-nag's AwsSolutions pack reports under. */
const NAG_NAMESPACE = 'AwsSolutions';

/**
 * Records why a cdk-nag AwsSolutions rule does not apply to a construct. Every acknowledgement
 * the library makes goes through here, each with a reason specific to it. The rule is named with
 * its validation namespace (`AwsSolutions::AwsSolutions-S1`), the id the validation report asks
 * for; a bare id would only acknowledge an annotation of that name.
 */
export function acknowledge(construct: IConstruct, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `${NAG_NAMESPACE}::${rule}`, reason });
}
