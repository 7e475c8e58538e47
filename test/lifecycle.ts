import { RenderedResource } from '../src/core/aws/lifecycle';

// Every resource of a synthesized template or Terraform configuration, as the lifecycle table of
// the core reads it (src/core/aws/lifecycle.ts), with its DependsOn for the rollback walk.

type Json = any;

/** The resources of a CloudFormation template, with their DeletionPolicy. */
export function cfnResources(template: Json): RenderedResource[] {
  return Object.entries<Json>(template.Resources).map(([id, r]) => ({
    id, type: r.Type, properties: r.Properties ?? {}, deletionPolicy: r.DeletionPolicy, dependsOn: [r.DependsOn ?? []].flat(),
  }));
}

/** The resources of a Terraform JSON configuration, with their `lifecycle` block among the arguments. */
export function tfResources(config: Json): RenderedResource[] {
  return Object.entries<Json>(config.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries<Json>(byName).map(([name, r]) => ({ id: `${type}.${name}`, type, properties: r })));
}
