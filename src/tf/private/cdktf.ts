// Every import of cdktf, in one place: cdktf 0.21 was archived upstream (December 2025) and its
// fork cdktn has the same API, so moving to it is a change of this file.
/* eslint-disable import/no-extraneous-dependencies */
export {
  Annotations, App, Fn, TerraformDataSource, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack, Testing, Token, dependable,
} from 'cdktf';
export type { ISynthesisSession } from 'cdktf';
// Not re-exported by the package's index: files written beside a stack's configuration at synth.
export { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
