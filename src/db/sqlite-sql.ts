// The plain-SQL runner on SQLite (see sql.ts). Two connections of its own beside Prisma's:
//   - a writer, for transactions and writes. Every statement on it takes the same lock as Prisma's
//     connection (serialized-sqlite-adapter.ts), so within the process only one writer is ever busy and
//     SQLite never has to refuse anyone with SQLITE_BUSY;
//   - a reader, for plain reads. It takes no lock: in WAL mode a read sees the last committed state and
//     never waits for a writer, so the 409 answer and the caller lookup do not queue behind holds.
// better-sqlite3 is synchronous, so a transaction here is a few microseconds of uninterrupted work, and
// transactions that arrive together commit together (see runGroup).
import Database, { type Statement } from 'better-sqlite3';
import type { Mutex } from 'async-mutex';
import type { Config } from '../config';
import type { Sql, SqlDatabase, SqlParam } from './sql';

/** SQLITE_SYNCHRONOUS, as the config reads it. */
export type SqliteSynchronous = Config['SQLITE_SYNCHRONOUS'];

// Prisma's adapter writes timestamps as ISO-8601 with "+00:00"; text comparisons need the same format.
const bind = (param: SqlParam) =>
  param instanceof Date ? param.toISOString().replace('Z', '+00:00') : typeof param === 'boolean' ? Number(param) : param;

function open(file: string, options: Database.Options, synchronous: SqliteSynchronous) {
  const db = new Database(file, { timeout: 5000, ...options });
  if (!options.readonly) db.pragma(`synchronous = ${synchronous}`);
  // Prepared statements are reused; the set of texts is small (lists are bounded), the cap is a backstop.
  const statements = new Map<string, Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= 500) statements.clear();
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  return {
    db,
    all: <T>(text: string, params: readonly SqlParam[]) => prepare(text).all(...params.map(bind)) as T[],
    run: (text: string, params: readonly SqlParam[]) => {
      const statement = prepare(text);
      // A write with RETURNING is a "reader" to better-sqlite3; run() would refuse it.
      return statement.reader ? statement.all(...params.map(bind)).length : statement.run(...params.map(bind)).changes;
    },
  };
}

type Job = { work: (sql: Sql) => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };
// Transactions that arrive in the same turn of the event loop commit together, up to this many.
const MAX_GROUP = 100;

export function sqliteSql(file: string, lock: Mutex, synchronous: SqliteSynchronous): SqlDatabase {
  const writer = open(file, {}, synchronous);
  const reader = open(file, { readonly: true }, synchronous);
  const inTransaction: Sql = {
    kind: 'sqlite',
    all: async (text, params = []) => writer.all(text, params),
    run: async (text, params = []) => writer.run(text, params),
  };

  // Group commit. Each transaction runs in a savepoint of one shared transaction: one that throws is
  // rolled back to its savepoint alone, and the next one sees exactly what it would have seen had they
  // run one by one. A COMMIT writes every page it touched to the WAL, and the transactions of a busy
  // moment touch the same index pages, so committing them together writes far fewer pages. Each caller
  // is answered only after the COMMIT, so nobody is told of a change that is not yet durable.
  const queue: Job[] = [];
  let scheduled = false;

  async function runGroup() {
    await lock.runExclusive(async () => {
      const jobs = queue.splice(0, MAX_GROUP);
      scheduled = queue.length > 0;
      if (scheduled) setImmediate(runGroup);
      const answers: Array<() => void> = [];
      try {
        writer.run('BEGIN IMMEDIATE', []);
        for (const job of jobs) {
          writer.run('SAVEPOINT job', []);
          try {
            const value = await job.work(inTransaction);
            writer.run('RELEASE job', []);
            answers.push(() => job.resolve(value));
          } catch (error) {
            writer.run('ROLLBACK TO job', []);
            writer.run('RELEASE job', []);
            answers.push(() => job.reject(error));
          }
        }
        writer.run('COMMIT', []);
      } catch (error) {
        // The shared transaction itself failed (busy past the timeout, disk full): nothing was written.
        if (writer.db.inTransaction) writer.run('ROLLBACK', []);
        for (const job of jobs) job.reject(error);
        return;
      }
      for (const answer of answers) answer();
    });
  }

  return {
    kind: 'sqlite',
    all: async (text, params = []) => reader.all(text, params),
    run: (text, params = []) => lock.runExclusive(() => writer.run(text, params)),
    transaction: <T>(work: (sql: Sql) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(runGroup);
        }
      }),
    async close() {
      writer.db.close();
      reader.db.close();
    },
  };
}
