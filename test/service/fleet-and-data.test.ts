// The fleet's and the data tiers' tests, in one jest file (see request-path.test.ts).
import './compute.cases';
import './capacity.cases';
import './database.cases';
import './database-proxy.cases';
import './cache.cases';
