import { RuleLevel, ResilienceRule } from '../rule';
import { FailoverRecord, RECORD_TYPES, allFailoverRecords, failoverRecordsOf } from './failover-records';

export const FAILOVER_WITHOUT_PARTNER: ResilienceRule = {
  id: 'HA-R53-2',
  level: RuleLevel.WARNING,
  title: 'Route 53 failover record without its partner in the templates checked',
  why: 'A PRIMARY with no SECONDARY (or the reverse) for the same name and type has nowhere to fail over to; a warning because the partner may live in a stack not checked with this one.',
  fix: 'Declare the other record (same HostedZone, Name and Type, the other Failover value), or check the stack that has it in the same run (e.g. the whole cloud assembly).',
  resourceTypes: RECORD_TYPES,
  check: (r, id, t) => {
    // The partner may be in another template of the same app (the other Region's stack).
    const all = [t, ...t.peers].flatMap(allFailoverRecords);
    const partnered = (x: FailoverRecord) => all.some((y) => y.zone === x.zone && y.name === x.name && y.type === x.type && y.role !== x.role);
    const alone = failoverRecordsOf(id, r).filter((x) => !partnered(x));
    return alone.length ? alone.map((x) => `${x.name} ${x.type}: ${x.role} with no ${x.role === 'PRIMARY' ? 'SECONDARY' : 'PRIMARY'}`).join(', ') : undefined;
  },
};
