// Lookups that several rules share.
import { CfnResourceJson, NotJudged, TemplateIndex, bool, isIntrinsic, known, list, num, referencedId, str } from '../template';


export const ASG = 'AWS::AutoScaling::AutoScalingGroup';
export const DB_INSTANCE = 'AWS::RDS::DBInstance';
export const DB_CLUSTER = 'AWS::RDS::DBCluster';
export const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';

/**
 * The number of AZs a group spans: its AvailabilityZones, else those of its subnets. `!GetAZs`
 * (every AZ of the region) counts as at least 2: `exact` asks for the number itself.
 */
export function groupAzs(group: CfnResourceJson, t: TemplateIndex, exact = false): number {
  const p = group.Properties ?? {};
  const zones = p.AvailabilityZones;
  if (zones !== undefined && isIntrinsic(zones) && 'Fn::GetAZs' in zones) {
    if (exact) throw new NotJudged("the number of the region's AZs (!GetAZs)");
    return 2;
  }
  const azs = list(zones);
  if (azs && azs.length > 0) {
    return new Set(azs.map((a) => {
      const select = (a as any)?.['Fn::Select'];
      return Array.isArray(select) ? `az#${num(select[0])}` : str(a);
    })).size;
  }
  if (p.VPCZoneIdentifier === undefined) throw new NotJudged('Auto Scaling groups with neither subnets nor AZs');
  return t.subnetAzs(p.VPCZoneIdentifier).size;
}

/** Whether a group registers with a load balancer (target groups or classic load balancers). */
export function behindLoadBalancer(group: CfnResourceJson): boolean {
  return (list(group.Properties?.TargetGroupARNs)?.length ?? 0) > 0 || (list(group.Properties?.LoadBalancerNames)?.length ?? 0) > 0;
}

/** Instances of a cluster in this template (instance type, and the property that names the cluster). */
export function members(clusterId: string, t: TemplateIndex, type: string, key = 'DBClusterIdentifier'): Array<[string, CfnResourceJson]> {
  return t.ofType(type).filter(([, i]) => referencedId(i.Properties?.[key]) === clusterId);
}

/**
 * Whether instances can stand in for each other across AZs: at least 2, and not every one pinned
 * to the same AZ (the service spreads instances without a pinned AZ). A message when not.
 */
export function spreadProblem(instances: Array<[string, CfnResourceJson]>, what: string): string | undefined {
  if (instances.length < 2) return `the ${what} has ${instances.length === 0 ? 'no instance' : '1 instance'} in this template`;
  const azs = instances.map(([, i]) => str(i.Properties?.AvailabilityZone));
  if (azs.every((az) => az !== undefined) && new Set(azs).size < 2) return `all ${instances.length} instances are pinned to ${azs[0]}`;
  return undefined;
}

/** A DB instance that belongs to a cluster (judged with its cluster). */
export const inCluster = (r: CfnResourceJson) => r.Properties?.DBClusterIdentifier !== undefined;

/** A read replica (of an instance, or of a Multi-AZ DB cluster): not a writer, its source holds the data. */
export const isReadReplica = (r: CfnResourceJson) =>
  r.Properties?.SourceDBInstanceIdentifier !== undefined || r.Properties?.SourceDBClusterIdentifier !== undefined;

/** An Aurora cluster that replicates another (cross-Region read replica): its source holds the data. */
export const isReplicaCluster = (r: CfnResourceJson) => r.Properties?.ReplicationSourceIdentifier !== undefined;

/** Aurora Serverless v1: no DB instances; Aurora moves the capacity to another AZ itself. */
export const isServerlessV1 = (r: CfnResourceJson) => str(r.Properties?.EngineMode)?.toLowerCase() === 'serverless';

/** A target group nothing in the template registers targets with, and no output exposes: a placeholder. */
export function isPlaceholder(id: string, tg: CfnResourceJson, t: TemplateIndex): boolean {
  if ((list(tg.Properties?.Targets)?.length ?? 0) > 0) return false;
  const routing = new Set(['AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule', 'AWS::CloudWatch::Alarm']);
  return [...t.referencedBy(id)].every((from) => from !== 'Outputs' && routing.has(t.resources[from]?.Type));
}

export { bool, known, num, str, list };
