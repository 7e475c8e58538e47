/**
 * The built-in application the fleet serves when the user gives no user data (a health endpoint and a
 * page), as shell lines for the launch template.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { builtinAppCommands } from '../../core/tiers/user-data';

/** Linux user data running the built-in app (see the core's `builtinAppCommands`). */
export function builtinAppUserData(port: number, healthCheckPath: string, environment: Record<string, string> = {}): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(...builtinAppCommands(port, healthCheckPath, environment));
  return userData;
}
