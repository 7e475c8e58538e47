// Every import of cdktf, in one place: cdktf 0.21 was archived upstream (December 2025) and its
// fork cdktn has the same API, so moving to it is a change of this file.
// A dev dependency while the Terraform flavor is built (nothing the package exports loads this
// file yet); it becomes a peer dependency when the `tf` submodule ships.
// eslint-disable-next-line import/no-extraneous-dependencies
export { App, Fn, TerraformDataSource, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack, Testing } from 'cdktf';
