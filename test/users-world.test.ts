// What users run, in one jest file: the README's programs as written, the CDK CLI's first pass, and
// names at their limits. Each synthesizes with aws-cdk-lib's CloudFormation validate rules, as the
// CLI does, and those cost about 6 s of CPU to start in a jest file: grouped, they start once.
import './readme.cases';
import './service/first-pass.cases';
import './service/naming.cases';
