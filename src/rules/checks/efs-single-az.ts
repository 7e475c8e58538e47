/**
 * The rule HA-EFS1: EFS file system reachable in fewer than 2 Availability Zones. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { azName, referencedId, str } from '../template';

export const EFS_SINGLE_AZ: ResilienceRule = {
  id: 'HA-EFS1',
  level: RuleLevel.ERROR,
  title: 'EFS file system reachable in fewer than 2 Availability Zones',
  why: 'Clients in every AZ mount through the mount targets there are: when their only AZ fails (or the One Zone file system with it), every client loses its files.',
  fix: 'Create an AWS::EFS::MountTarget in a subnet of each AZ the clients run in, on a Regional file system (no AvailabilityZoneName).',
  terraformFix: 'Create an aws_efs_mount_target in a subnet of each AZ the clients run in, on a Regional file system (no availability_zone_name).',
  resourceTypes: ['AWS::EFS::FileSystem'],
  check: (r, id, t) => {
    const oneZone = str(r.Properties?.AvailabilityZoneName);
    if (oneZone !== undefined) return `a One Zone file system in ${oneZone}`;
    const targets = t.ofType('AWS::EFS::MountTarget').filter(([, m]) => referencedId(m.Properties?.FileSystemId) === id);
    if (targets.length === 0) return undefined; // mount targets made elsewhere
    const azs = [...new Set(targets.map(([, m]) => t.subnetAz(m.Properties?.SubnetId)))];
    return azs.length < 2 ? `its mount targets are all in ${azName(azs[0])}` : undefined;
  },
};
