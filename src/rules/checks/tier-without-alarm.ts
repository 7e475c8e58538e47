import { RuleLevel, ResilienceRule } from '../rule';
import { TemplateIndex, referencedId, referencedIds } from '../template';
import { ASG, DB_CLUSTER, DB_INSTANCE, inCluster, isReadReplica, members } from './shared';
import { isSelfStopping } from './shared-fleet';

const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const CLASSIC_LB = 'AWS::ElasticLoadBalancing::LoadBalancer';
const WATCHED = new WeakMap<TemplateIndex, Set<string>>();

/** Logical ids that some alarm watches (anything an alarm's properties reference), once per template. */
function watched(t: TemplateIndex): Set<string> {
  let ids = WATCHED.get(t);
  if (!ids) {
    ids = new Set<string>();
    for (const [, alarm] of t.ofType('AWS::CloudWatch::Alarm')) referencedIds(alarm.Properties, ids);
    WATCHED.set(t, ids);
  }
  return ids;
}

/** Target groups a load balancer forwards to, through its listeners. */
function targetGroupsOf(lbId: string, t: TemplateIndex): string[] {
  return t.ofType('AWS::ElasticLoadBalancingV2::Listener')
    .filter(([, l]) => referencedId(l.Properties?.LoadBalancerArn) === lbId)
    .flatMap(([, l]) => [...referencedIds(l.Properties?.DefaultActions)]);
}

export const TIER_WITHOUT_ALARM: ResilienceRule = {
  id: 'HA-ALARM1',
  level: RuleLevel.WARNING,
  title: 'A tier with no alarm on its health (fleet, load balancer, database)',
  why: 'Automation repairs what it can; what it cannot repair goes unnoticed until users report it.',
  fix: 'Alarm on the tier: healthy hosts and 5xx rates of the load balancer, in-service instances of the group, CPU and connections of the database.',
  resourceTypes: [ASG, LB, CLASSIC_LB, DB_CLUSTER, DB_INSTANCE],
  readsAlarms: true,
  check: (r, id, t) => {
    if (r.Type === DB_INSTANCE && (inCluster(r) || isReadReplica(r))) return undefined; // judged with its cluster or source
    // A one-shot helper group that stops itself (a migration, a batch) is not a serving tier.
    if (r.Type === ASG && isSelfStopping(id, r, t)) return undefined;
    const seen = watched(t);
    const related = [id];
    if (r.Type === LB) related.push(...targetGroupsOf(id, t));
    if (r.Type === DB_CLUSTER) related.push(...members(id, t, DB_INSTANCE).map(([iid]) => iid));
    return related.some((x) => seen.has(x)) ? undefined : 'no CloudWatch alarm watches it';
  },
};
