// Alarms, report, validation and experiments, in one jest file (see request-path.test.ts).
import './alarms.cases';
import './report.cases';
import './validation.cases';
import './experiments.cases';
