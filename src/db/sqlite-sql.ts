// The plain-SQL runner on SQLite (see sql.ts). Two connections of its own beside Prisma's:
//   - a writer, for transactions and writes. Every statement on it takes the same lock as Prisma's
//     connection (serialized-sqlite-adapter.ts), so within the process only one writer is ever busy and
//     SQLite never has to refuse anyone with SQLITE_BUSY;
//   - a reader, for plain reads. It takes no lock: in WAL mode a read sees the last committed state and
//     never waits for a writer, so the 409 answer and the caller lookup do not queue behind holds.
// better-sqlite3 is synchronous, so a transaction here is a few microseconds of uninterrupted work.
import Database, { type Statement } from 'better-sqlite3';
import type { Mutex } from 'async-mutex';
import type { Sql, SqlDatabase, SqlParam } from './sql';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

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

export function sqliteSql(file: string, lock: Mutex, synchronous: SqliteSynchronous): SqlDatabase {
  const writer = open(file, {}, synchronous);
  const reader = open(file, { readonly: true }, synchronous);
  const inTransaction: Sql = {
    kind: 'sqlite',
    all: async (text, params = []) => writer.all(text, params),
    run: async (text, params = []) => writer.run(text, params),
  };
  return {
    kind: 'sqlite',
    all: async (text, params = []) => reader.all(text, params),
    run: (text, params = []) => lock.runExclusive(() => writer.run(text, params)),
    transaction: (work) =>
      lock.runExclusive(async () => {
        writer.run('BEGIN IMMEDIATE', []);
        try {
          const value = await work(inTransaction);
          writer.run('COMMIT', []);
          return value;
        } catch (error) {
          if (writer.db.inTransaction) writer.run('ROLLBACK', []);
          throw error;
        }
      }),
    async close() {
      writer.db.close();
      reader.db.close();
    },
  };
}
