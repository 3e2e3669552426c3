// The pure merging rule behind seats:changed coalescing.
import { coalesceSeatEvents } from '../../src/modules/realtime';

const event = (version: number, ...changes: Array<[string, 'available' | 'held' | 'sold']>) => ({
  showtimeId: 's1',
  version,
  changes: changes.map(([label, status]) => ({ label, status })),
});

describe('coalesceSeatEvents', () => {
  it('when versions are consecutive, then one message spans them and the highest version wins per label', () => {
    const messages = coalesceSeatEvents('s1', [
      event(5, ['A1', 'held']),
      event(6, ['A1', 'sold'], ['A2', 'held']),
      event(7, ['A2', 'available']),
    ]);
    expect(messages).toEqual([
      {
        showtimeId: 's1',
        fromVersion: 4,
        version: 7,
        changes: [
          { label: 'A1', status: 'sold' },
          { label: 'A2', status: 'available' },
        ],
      },
    ]);
  });

  it('when events arrive out of order, then they are merged in version order', () => {
    const messages = coalesceSeatEvents('s1', [event(3, ['B2', 'sold']), event(2, ['B2', 'held'])]);
    expect(messages).toEqual([{ showtimeId: 's1', fromVersion: 1, version: 3, changes: [{ label: 'B2', status: 'sold' }] }]);
  });

  it('when a version is missing, then the run splits so no message claims a version it does not hold', () => {
    const messages = coalesceSeatEvents('s1', [event(8, ['C1', 'held']), event(10, ['C2', 'held']), event(11, ['C1', 'available'])]);
    expect(messages).toEqual([
      { showtimeId: 's1', fromVersion: 7, version: 8, changes: [{ label: 'C1', status: 'held' }] },
      {
        showtimeId: 's1',
        fromVersion: 9,
        version: 11,
        changes: [
          { label: 'C1', status: 'available' },
          { label: 'C2', status: 'held' },
        ],
      },
    ]);
  });

  it('when labels sort, then rows come in order and numbers numerically', () => {
    const [message] = coalesceSeatEvents('s1', [event(1, ['B1', 'held'], ['A10', 'held'], ['A2', 'held'])]);
    expect(message!.changes.map((change) => change.label)).toEqual(['A2', 'A10', 'B1']);
  });
});
