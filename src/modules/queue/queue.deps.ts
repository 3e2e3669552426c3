// What the waiting room's use cases are given: the service builds it once and passes it to each. A file of
// its own so the use cases and the service do not import each other.
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { EventBus } from '../../lib/events';
import type { SqlDatabase, Sql } from '../../db/sql';
import type { CatalogService } from '../catalog';
import { nextRecord, type QueueLogType } from './queue-log';
import { queueLogRepository } from './queue-log.repository';

export type QueueOptions = {
  sql: SqlDatabase;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  catalog: CatalogService;
  admissionMinutes: number;
  heartbeatTimeoutSeconds: number;
};

/** Appends one record to the showtime's log chain; call inside the transaction that locked the room. */
export async function appendLog(sql: Sql, showtimeId: string, at: Date, type: QueueLogType, data: Record<string, unknown>) {
  const previous = await queueLogRepository.lastLogRecord(sql, showtimeId);
  await queueLogRepository.appendLog(sql, nextRecord(previous, { showtimeId, at, type, data }));
}
