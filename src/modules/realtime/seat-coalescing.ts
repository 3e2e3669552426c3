// Pure rules for merging seat events into messages. Events of one showtime that arrive within the
// coalescing window become one message per run of consecutive versions: within a run the changes are
// merged by label (the highest version wins), and the message names the span it covers. A hole in the
// versions (an event that arrives late, after a concurrent write's event) starts a new message, so a
// message never claims a version it does not contain; the client sees the hole as a gap and re-joins.
import type { DomainEvents, SeatChange } from '../../lib/events';
import { compareLabels } from '../catalog';
import type { SeatsChangedMessage } from './realtime.schemas';

export type SeatsChangedEvent = DomainEvents['seats.changed'];

export function coalesceSeatEvents(showtimeId: string, events: SeatsChangedEvent[]): SeatsChangedMessage[] {
  const sorted = [...events].sort((a, b) => a.version - b.version);
  const runs: SeatsChangedEvent[][] = [];
  for (const event of sorted) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && event.version <= last.version + 1) run.push(event);
    else runs.push([event]);
  }
  return runs.map((run) => toMessage(showtimeId, run));
}

function toMessage(showtimeId: string, run: SeatsChangedEvent[]): SeatsChangedMessage {
  const byLabel = new Map<string, SeatChange>();
  for (const event of run) {
    for (const change of event.changes) byLabel.set(change.label, { label: change.label, status: change.status });
  }
  return {
    showtimeId,
    fromVersion: run[0]!.version - 1,
    version: run.at(-1)!.version,
    changes: [...byLabel.values()].sort((a, b) => compareLabels(a.label, b.label)),
  };
}
