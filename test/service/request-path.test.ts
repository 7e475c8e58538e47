// The request path's tests, in one jest file: each file pays about 5 s of aws-cdk-lib warm-up before
// its first synthesis, so grouping the tier files keeps the suite fast. Each *.cases.ts stands alone.
import './network.cases';
import './load-balancing.cases';
import './web-firewall.cases';
import './zonal-shift.cases';
// The naming limits and the CLI's first pass, which run the validate rules, are in users-world.test.ts.
