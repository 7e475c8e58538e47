import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records why a rule (cdk-nag or another validation plugin) does not apply to a construct. Every
 * acknowledgement the library makes goes through here, each with a reason specific to it.
 */
export function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}
