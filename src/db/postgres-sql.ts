// The plain-SQL runner on Postgres (see sql.ts), on the same pg pool as Prisma's adapter.
// Prisma stores DateTime as `timestamp(3)` (no time zone) holding UTC, so timestamps are bound as UTC
// ISO text and read back as UTC, whatever the machine's time zone.
import pg from 'pg';
import { numberPlaceholders, type Sql, type SqlDatabase, type SqlParam } from './sql';

const TIMESTAMP_OID = 1114;
const utc = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID ? utc : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
const bind = (param: SqlParam) => (param instanceof Date ? param.toISOString() : param);

// Each distinct text becomes a named prepared statement on every connection that runs it, so Postgres
// parses and plans it once per connection. The texts are few (lists are bounded); past the cap, unnamed.
const names = new Map<string, { text: string; name?: string }>();
function statement(text: string) {
  let known = names.get(text);
  if (!known) {
    known = { text: numberPlaceholders(text), name: names.size < 300 ? `marquee_${names.size}` : undefined };
    names.set(text, known);
  }
  return known;
}

function runner(client: pg.Pool | pg.PoolClient): Sql {
  const query = (text: string, params: readonly SqlParam[]) => client.query({ ...statement(text), values: params.map(bind), types });
  return {
    kind: 'postgres',
    all: async <T extends object>(text: string, params: readonly SqlParam[] = []) => (await query(text, params)).rows as T[],
    run: async (text: string, params: readonly SqlParam[] = []) => (await query(text, params)).rowCount ?? 0,
  };
}

export function postgresSql(pool: pg.Pool): SqlDatabase {
  return {
    ...runner(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // The pool listens for errors only on idle clients. A connection that dies while checked out (a
      // Postgres restart in the middle of a transaction) emits 'error' too, and an unheard 'error' ends the
      // process; the query in flight rejects on its own, and the client is then closed, not reused.
      const onError = (error: Error) => (broken ??= error);
      client.on('error', onError);
      try {
        // BEGIN goes out with the change's first statement (pipeline mode, client.ts) rather than a round
        // trip ahead of it. Should it fail, the connection is broken and so is every statement after it.
        const begun = client.query('BEGIN');
        begun.catch(() => {}); // answered below; this only keeps an early failure from going unheard
        const value = await work(runner(client));
        await begun;
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        // A connection that failed, or could not roll back, is closed rather than reused.
        client.off('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
