import { ServicePlan } from '../../src/core/service/plan';

/** What every Terraform tier takes from the plan, beside the partition, account and region. */
export function fromPlan(plan: ServicePlan) {
  return { namePrefix: plan.namePrefix, namePrefixes: plan.namePrefixes, access: plan.access };
}

/** What the load-balancing tier takes from the plan. */
export function lbFromPlan(plan: ServicePlan) {
  return { accessLogsBucketPrefix: plan.namePrefixes.accessLogsBucket, access: plan.access };
}
