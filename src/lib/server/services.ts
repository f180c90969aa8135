/**
 * The background services the running server starts once its database is open, in order
 * (and stops in reverse). See runtime.ts.
 */
import { controlSocket } from './backup/control';
import { scheduledBackups } from './backup/schedule';
import { housekeeping } from './housekeeping';
import type { ServiceStarter } from './runtime';

export const SERVICES: ServiceStarter[] = [housekeeping, controlSocket, scheduledBackups];
