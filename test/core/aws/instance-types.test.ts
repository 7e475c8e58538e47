import { instanceTypeProblem, isInstanceType } from '../../../src/core/aws/instance-type-names';
import { INSTANCE_TYPES, INSTANCE_TYPES_SOURCE } from '../../../src/core/aws/instance-types';

test('the list is the EC2 model\'s, with its source, and holds the default fleet types', () => {
  expect(INSTANCE_TYPES).toHaveLength(INSTANCE_TYPES_SOURCE.count);
  expect(INSTANCE_TYPES.length).toBeGreaterThan(1000);
  expect(new Set(INSTANCE_TYPES).size).toBe(INSTANCE_TYPES.length);
  for (const t of ['c7i.large', 'c6i.large', 'c6a.large', 'm7g.large', 'c7i.metal-24xl']) expect(isInstanceType(t)).toBe(true);
  for (const t of INSTANCE_TYPES) expect(t).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
});

test('a misspelled size of a known family lists the family\'s sizes, and the nearest when one is near', () => {
  expect(instanceTypeProblem('instanceTypes[0]', 'c7i.hugee')).toMatch(/^instanceTypes\[0\] 'c7i\.hugee' is not an EC2 instance type: c7i comes in large, xlarge, 2xlarge, .*metal-48xl/);
  expect(instanceTypeProblem('instanceType', 'c7i.larg')).toMatch(/^instanceType 'c7i\.larg' is not an EC2 instance type \(did you mean c7i\.large\?\)/);
});

test('a name that is no instance type at all says what a name looks like, and where the list comes from', () => {
  expect(instanceTypeProblem('instanceTypes[1]', 'banana')).toBe(
    `instanceTypes[1] 'banana' is not an EC2 instance type: a name is <family>.<size>, e.g. c7i.large, as in EC2's list (${INSTANCE_TYPES_SOURCE.model}, botocore ${INSTANCE_TYPES_SOURCE.botocore})`);
  expect(instanceTypeProblem('instanceType', 'C7I.LARGE')).toMatch(/did you mean c7i\.large\?/);
  expect(instanceTypeProblem('instanceType', 'c7i.large')).toBeUndefined();
});
