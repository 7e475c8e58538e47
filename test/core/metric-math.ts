// Evaluates the subset of CloudWatch metric math the planners write (numbers, ids, + - * /,
// comparisons, IF, FILL, parentheses) on one data point per metric, as CloudWatch does per period:
// a planned expression is tested as written, not through a copy of its logic. A metric without a
// data point is undefined; FILL gives it a value; anything else on it yields undefined (no point).
type Value = number | undefined;

export function evaluate(expression: string, values: Record<string, Value>): Value {
  const tokens = expression.match(/\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|<=|>=|==|!=|[-+*/(),<>]/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (expected?: string) => {
    const t = tokens[pos++];
    if (expected !== undefined && t !== expected) throw new Error(`expected ${expected} at ${pos - 1} in ${expression}, found ${t}`);
    return t;
  };
  const lift = (a: Value, b: Value, f: (x: number, y: number) => number): Value => (a === undefined || b === undefined ? undefined : f(a, b));

  function primary(): Value {
    const t = take();
    if (t === '(') { const v = comparison(); take(')'); return v; }
    if (t === '-') { const v = primary(); return v === undefined ? undefined : -v; }
    if (/^\d/.test(t)) return Number(t);
    if (t === 'IF') {
      take('('); const c = comparison(); take(','); const a = comparison(); take(','); const b = comparison(); take(')');
      return c === undefined ? undefined : c !== 0 ? a : b;
    }
    if (t === 'FILL') {
      take('('); const a = comparison(); take(','); const b = comparison(); take(')');
      return a ?? b;
    }
    if (!(t in values)) throw new Error(`unknown id ${t} in ${expression}`);
    return values[t];
  }
  function product(): Value {
    let v = primary();
    while (peek() === '*' || peek() === '/') {
      const op = take(); const r = primary();
      v = lift(v, r, (x, y) => (op === '*' ? x * y : x / y));
    }
    return v;
  }
  function sum(): Value {
    let v = product();
    while (peek() === '+' || peek() === '-') {
      const op = take(); const r = product();
      v = lift(v, r, (x, y) => (op === '+' ? x + y : x - y));
    }
    return v;
  }
  function comparison(): Value {
    const v = sum();
    const op = peek();
    if (!['<', '>', '<=', '>=', '==', '!='].includes(op)) return v;
    take();
    const r = sum();
    return lift(v, r, (x, y) => Number({ '<': x < y, '>': x > y, '<=': x <= y, '>=': x >= y, '==': x === y, '!=': x !== y }[op]));
  }
  const result = comparison();
  if (pos !== tokens.length) throw new Error(`unparsed rest of ${expression} at ${tokens[pos]}`);
  return result;
}
