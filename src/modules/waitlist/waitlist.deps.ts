// What the waitlist's use cases are given: the service builds it once (src/modules/waitlist/waitlist.service.ts)
// and passes it to each. A file of its own so the use cases and the service do not import each other.
import type { Clock } from '../../lib/clock';
import type { Db } from '../../db/client';
import type { Sql } from '../../db/sql';
import type { CatalogService } from '../catalog';
import type { HoldsService } from '../holds';
import type { SeatLedger, SeatTx } from '../seats';
import type { LayoutSeat } from './waitlist-rules';

export type WaitlistOptions = {
  db: Db;
  sql: Sql;
  clock: Clock;
  ledger: SeatLedger;
  catalog: CatalogService;
  holds: HoldsService;
  aliasSecret: string;
  offerTtlSeconds: number;
  maxSeatsPerUser: number;
};

export type WaitlistDeps = WaitlistOptions & {
  layoutOf: (s: SeatTx) => Promise<{ startsAt: Date; cancelled: boolean; seats: LayoutSeat[] }>;
};
