import { checkKnownProps, closestNames, didYouMean, editDistance } from '../../../src/core/base/suggest';
import { Validator } from '../../../src/core/base/validation';

test('edit distance counts inserts, deletes, replacements and swapped neighbours, ignoring case', () => {
  expect(editDistance('minCapcity', 'minCapacity')).toBe(1);
  expect(editDistance('alarmEmials', 'alarmEmails')).toBe(1);
  expect(editDistance('MINCAPACITY', 'minCapacity')).toBe(0);
  expect(editDistance('', 'abc')).toBe(3);
});

test('only the nearest names are suggested, and none for a wild guess', () => {
  const known = ['minCapacity', 'maxCapacity', 'capacity', 'cache'];
  expect(closestNames('minCapcity', known)).toEqual(['minCapacity']);
  expect(didYouMean('minCapcity', known)).toBe(' (did you mean minCapacity?)');
  expect(didYouMean('banana', known)).toBe('');
});

test('unknown props are problems of the same validator, each with its nearest known name', () => {
  const v = new Validator();
  checkKnownProps(['minCapcity', 'alarmEmails', 'cach'], ['minCapacity', 'alarmEmails', 'cache'], 'props', v);
  v.check(false, 'another problem');
  expect(() => v.throwIfAny('Shop/Api')).toThrow([
    'Shop/Api: 3 problems:',
    "  - props has no prop 'minCapcity' (did you mean minCapacity?)",
    "  - props has no prop 'cach' (did you mean cache?)",
    '  - another problem',
  ].join('\n'));
});

test('known props, and no props at all, are no problem', () => {
  const v = new Validator();
  checkKnownProps(['minCapacity'], ['minCapacity'], 'props', v);
  checkKnownProps([], ['minCapacity'], 'props', v);
  expect(() => v.throwIfAny('x')).not.toThrow();
});
