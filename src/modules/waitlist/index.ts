export { createWaitlistService, type WaitlistService } from './waitlist.service';
export { waitlistRoutes } from './waitlist.routes';
export { verifyLog, type LogRecord, type Verification } from './fairness-log';
export { waitlistRepository } from './waitlist.repository';
