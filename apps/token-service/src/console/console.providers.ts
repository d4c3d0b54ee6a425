import { ConsoleStatsRepository } from './console-stats.repository';
import { ConsoleUserRepository } from './console-user.repository';
import { ConsoleRpcController } from './console.rpc-controller';
import { ConsoleService } from './console.service';

/**
 * The admin console's token-service side, spread into the root module (like accounts): it uses
 * LinkService and VerificationService from there, so a module of its own would only re-export them.
 */
export const CONSOLE_CONTROLLERS = [ConsoleRpcController];
export const CONSOLE_PROVIDERS = [ConsoleUserRepository, ConsoleStatsRepository, ConsoleService];
