import { Check, PROVIDER_RESOURCE_RULES, PROVIDER_VALIDATORS, ProviderValidator, failure, providerFindings } from './provider-validators';
import { checkTerraformJson, loadSchema } from './schema-check';

/** Values tried against a check until one fails it. */
function breaking(check: Check): unknown[] {
  const common: unknown[] = ['not-a-value', '', ' ', ':', '“', 'a--b', 'a-', '1a', 7, 0, 10, 99, -999999, 999999999999];
  switch (check.kind) {
    case 'length': return [...(check.max < 1e6 ? ['x'.repeat(check.max + 1)] : []), ...common];
    case 'range': return [...(check.min !== undefined ? [check.min - 1] : []), ...(check.max !== undefined ? [check.max + 1] : []), ...common];
    case 'maxItems': return [Array.from({ length: check.max + 1 }, (_, i) => `item-${i}`)];
    default: return common;
  }
}

/** A resource whose value at the validator's path fails it, or undefined if none of the tried values does. */
function brokenResource(v: ProviderValidator): Record<string, any> | undefined {
  for (const check of v.checks) {
    const value = breaking(check).find((x) => failure(check, x) !== undefined);
    if (value === undefined) continue;
    const steps = v.path.split('.');
    const build = (i: number): unknown => {
      const step = steps[i];
      const key = step.replace(/\[\]$/, '');
      if (i === steps.length - 1) return { [key]: step.endsWith('[]') ? [value] : value };
      const inner = build(i + 1);
      return { [key]: step.endsWith('[]') ? [inner] : inner };
    };
    return build(0) as Record<string, any>;
  }
  return undefined;
}

describe('the provider\'s validators', () => {
  test('each names the provider file it was read from, for a resource type in the schema', () => {
    const schema = loadSchema();
    for (const v of [...PROVIDER_VALIDATORS, ...PROVIDER_RESOURCE_RULES]) {
      expect([v.type, v.file]).toEqual([v.type, expect.stringMatching(/^[a-z0-9]+\/[a-z_]+\.go/)]);
      expect([v.type, schema.resources[v.type] !== undefined]).toEqual([v.type, true]);
    }
  });

  test('each validator refuses a value that breaks it, naming the argument, the value and the provider file', () => {
    for (const v of PROVIDER_VALIDATORS) {
      const resource = brokenResource(v);
      expect([v.type, v.path, resource !== undefined]).toEqual([v.type, v.path, true]);
      const found = providerFindings(v.type, 'r', resource!);
      expect([v.type, v.path, found.some((f) => f.includes(`argument "${v.path}"`) && f.includes(`(provider ${v.file})`))])
        .toEqual([v.type, v.path, true]);
    }
  });

  test('each conflict and plan-time rule refuses the resource that breaks it', () => {
    for (const rule of PROVIDER_RESOURCE_RULES) {
      expect([rule.type, rule.what, providerFindings(rule.type, 'r', rule.broken).length > 0]).toEqual([rule.type, rule.what, true]);
    }
  });

  test('values known only at apply are left alone; lists count their expressions', () => {
    expect(providerFindings('aws_db_proxy', 'p', { name: '${aws_x.y.name}' })).toEqual([]);
    expect(providerFindings('aws_fis_experiment_template', 't', { target: [{ resource_arns: ['${a}', '${b}', '${c}', '${d}', '${e}', '${f}'] }] }))
      .toEqual([expect.stringContaining('argument "target[].resource_arns" [')]);
  });

  test('examples: what the provider refuses at plan, in the schema check\'s words', () => {
    const config = {
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } } },
      resource: {
        aws_autoscaling_lifecycle_hook: { h: { autoscaling_group_name: 'g', lifecycle_transition: 'autoscaling:EC2_INSTANCE_LAUNCHING', name: 'hook', heartbeat_timeout: 10 } },
        aws_cloudwatch_metric_alarm: {
          a: { alarm_name: 'a', comparison_operator: 'GreaterThanThreshold', evaluation_periods: 1, metric_name: 'm', namespace: 'AWS/EC2', period: 45, statistic: 'Average', extended_statistic: 'p99' },
        },
        aws_db_proxy: { p: { name: '1proxy', engine_family: 'MYSQL', role_arn: 'arn:aws:iam::1:role/r', vpc_subnet_ids: ['s'] } },
      },
    };
    expect(checkTerraformJson(config)).toEqual([
      'aws_autoscaling_lifecycle_hook.h: argument "heartbeat_timeout" 10 is not between 30 and 7200 (provider autoscaling/lifecycle_hook.go)',
      'aws_cloudwatch_metric_alarm.a: argument "period" 45 is not one of 10, 20, 30, and is not divisible by 60 (provider cloudwatch/metric_alarm.go)',
      'aws_cloudwatch_metric_alarm.a: "statistic" conflicts with "extended_statistic" (provider cloudwatch/metric_alarm.go)',
      'aws_cloudwatch_metric_alarm.a: One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm (provider cloudwatch/metric_alarm.go (CustomizeDiff))',
      'aws_db_proxy.p: argument "name" "1proxy" first character must be a letter (provider rds/proxy.go, rds/validate.go)',
    ]);
  });
});
