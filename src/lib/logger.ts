import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'marquee' },
    // Never log secrets that pass through requests.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'token'],
  });
}
