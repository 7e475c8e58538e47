/**
 * Route 53 records of a template (and of the other templates checked with it), as the failover rules
 * read them: shared by HA-R53-1 and HA-R53-2.
 */
import { CfnResourceJson, TemplateIndex, bool, describe, list, str } from '../template';

/** A Route 53 record of the template, with the resource that declares it. */
export interface FailoverRecord {
  readonly resourceId: string;
  readonly name: string;
  readonly type: string;
  /** The hosted zone, as written (id or name). */
  readonly zone: string;
  readonly role: string;
  readonly record: Record<string, any>;
}

const RECORD_SET = 'AWS::Route53::RecordSet';
const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';
export const RECORD_TYPES = [RECORD_SET, RECORD_SET_GROUP];

const normal = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** The failover records a resource declares (a record set, or each record of a group). */
export function failoverRecordsOf(id: string, r: CfnResourceJson): FailoverRecord[] {
  const p = r.Properties ?? {};
  const records: Array<Record<string, any>> = r.Type === RECORD_SET ? [p] : (list(p.RecordSets) ?? []) as Array<Record<string, any>>;
  return records.filter((x) => x?.Failover !== undefined).map((x) => ({
    resourceId: id,
    name: normal(str(x.Name) ?? ''),
    type: str(x.Type) ?? '',
    zone: describe(x.HostedZoneId ?? x.HostedZoneName ?? p.HostedZoneId ?? p.HostedZoneName),
    role: (str(x.Failover) ?? '').toUpperCase(),
    record: x,
  }));
}

/** Every failover record in the template. */
export function allFailoverRecords(t: TemplateIndex): FailoverRecord[] {
  return RECORD_TYPES.flatMap((type) => t.ofType(type)).flatMap(([id, r]) => failoverRecordsOf(id, r));
}

/** Whether Route 53 can see a record fail: a health check, or an alias that evaluates its target's health. */
export const hasHealthCheck = (record: Record<string, any>) =>
  record.HealthCheckId !== undefined || bool(record.AliasTarget?.EvaluateTargetHealth) === true;
