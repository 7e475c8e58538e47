import { ASG_FLEET_OF_ONE } from './asg-fleet-of-one';
import { ASG_LAUNCH_CONFIGURATION } from './asg-launch-configuration';
import { ASG_MIN_BELOW_AZS } from './asg-min-below-azs';
import { ASG_NO_ELB_HEALTH_CHECK } from './asg-no-elb-health-check';
import { ASG_NO_GRACE_PERIOD } from './asg-no-grace-period';
import { ASG_SCHEDULE_TO_ONE } from './asg-schedule-to-one';
import { ASG_SINGLE_AZ } from './asg-single-az';
import { ASG_TWO_AZS } from './asg-two-azs';
import { ASG_UNSAFE_REPLACEMENT } from './asg-unsafe-replacement';
import { CACHE_NO_FAILOVER } from './cache-no-failover';
import { CACHE_SINGLE_NODE } from './cache-single-node';
import { CLASSIC_LB_SINGLE_AZ } from './classic-lb-single-az';
import { DB_LOST_ON_REMOVAL } from './db-lost-on-removal';
import { DB_NO_DELETION_PROTECTION } from './db-no-deletion-protection';
import { DB_SHORT_BACKUPS } from './db-short-backups';
import { DB_SINGLE_AZ } from './db-single-az';
import { DOCDB_SINGLE_INSTANCE } from './docdb-single-instance';
import { DYNAMODB_NO_PITR } from './dynamodb-no-pitr';
import { ECS_NO_CIRCUIT_BREAKER } from './ecs-no-circuit-breaker';
import { ECS_SINGLE_TASK } from './ecs-single-task';
import { EFS_SINGLE_AZ } from './efs-single-az';
import { EKS_NODE_GROUP } from './eks-node-group';
import { ENDPOINT_SINGLE_AZ } from './endpoint-single-az';
import { FAILOVER_WITHOUT_HEALTH_CHECK } from './failover-without-health-check';
import { FAILOVER_WITHOUT_PARTNER } from './failover-without-partner';
import { LAMBDA_SINGLE_AZ } from './lambda-single-az';
import { LB_SINGLE_AZ } from './lb-single-az';
import { MQ_SINGLE_INSTANCE } from './mq-single-instance';
import { MSK_FEW_AZS } from './msk-few-azs';
import { NAT_SHARED } from './nat-shared';
import { NEPTUNE_SINGLE_INSTANCE } from './neptune-single-instance';
import { ROUTE_CROSS_AZ_NAT } from './route-cross-az-nat';
import { SEARCH_NO_ZONE_AWARENESS } from './search-no-zone-awareness';
import { STANDALONE_INSTANCE } from './standalone-instance';
import { TG_DEFAULT_DEREGISTRATION } from './tg-default-deregistration';
import { TG_DEFAULT_PATH } from './tg-default-path';
import { TG_SLOW_DETECTION } from './tg-slow-detection';
import { TIER_WITHOUT_ALARM } from './tier-without-alarm';
import { ResilienceRule } from '../rule';

export {
  ASG_SINGLE_AZ, ASG_TWO_AZS, ASG_MIN_BELOW_AZS, ASG_NO_ELB_HEALTH_CHECK, ASG_NO_GRACE_PERIOD, ASG_LAUNCH_CONFIGURATION, ASG_UNSAFE_REPLACEMENT,
  ASG_FLEET_OF_ONE, ASG_SCHEDULE_TO_ONE,
  LB_SINGLE_AZ, TG_DEFAULT_PATH, TG_SLOW_DETECTION, TG_DEFAULT_DEREGISTRATION, CLASSIC_LB_SINGLE_AZ,
  DB_SINGLE_AZ, DB_SHORT_BACKUPS, DB_NO_DELETION_PROTECTION, DB_LOST_ON_REMOVAL, NEPTUNE_SINGLE_INSTANCE, DOCDB_SINGLE_INSTANCE,
  ROUTE_CROSS_AZ_NAT, NAT_SHARED, ENDPOINT_SINGLE_AZ,
  CACHE_NO_FAILOVER, CACHE_SINGLE_NODE, DYNAMODB_NO_PITR, SEARCH_NO_ZONE_AWARENESS, EFS_SINGLE_AZ, MQ_SINGLE_INSTANCE, MSK_FEW_AZS,
  STANDALONE_INSTANCE, LAMBDA_SINGLE_AZ, ECS_SINGLE_TASK, ECS_NO_CIRCUIT_BREAKER, EKS_NODE_GROUP,
  FAILOVER_WITHOUT_HEALTH_CHECK, FAILOVER_WITHOUT_PARTNER, TIER_WITHOUT_ALARM,
};
export { MAX_DETECTION_SECONDS } from './tg-slow-detection';
export { MIN_BACKUP_DAYS } from './db-short-backups';

/** Every rule, in the order the README lists them: compute, load balancing, data, network, other tiers, alarms. */
export const ALL_RULES: ResilienceRule[] = [
  ASG_SINGLE_AZ, ASG_TWO_AZS, ASG_MIN_BELOW_AZS, ASG_NO_ELB_HEALTH_CHECK, ASG_NO_GRACE_PERIOD, ASG_LAUNCH_CONFIGURATION, ASG_UNSAFE_REPLACEMENT,
  ASG_FLEET_OF_ONE, ASG_SCHEDULE_TO_ONE,
  LB_SINGLE_AZ, TG_DEFAULT_PATH, TG_SLOW_DETECTION, TG_DEFAULT_DEREGISTRATION, CLASSIC_LB_SINGLE_AZ,
  DB_SINGLE_AZ, DB_SHORT_BACKUPS, DB_NO_DELETION_PROTECTION, DB_LOST_ON_REMOVAL, NEPTUNE_SINGLE_INSTANCE, DOCDB_SINGLE_INSTANCE,
  ROUTE_CROSS_AZ_NAT, NAT_SHARED, ENDPOINT_SINGLE_AZ,
  CACHE_NO_FAILOVER, CACHE_SINGLE_NODE, DYNAMODB_NO_PITR, SEARCH_NO_ZONE_AWARENESS, EFS_SINGLE_AZ, MQ_SINGLE_INSTANCE, MSK_FEW_AZS,
  STANDALONE_INSTANCE, LAMBDA_SINGLE_AZ, ECS_SINGLE_TASK, ECS_NO_CIRCUIT_BREAKER, EKS_NODE_GROUP,
  FAILOVER_WITHOUT_HEALTH_CHECK, FAILOVER_WITHOUT_PARTNER, TIER_WITHOUT_ALARM,
];
