// SQLite through better-sqlite3 is one connection per process. Prisma's adapter puts interactive
// transactions behind a mutex, but a plain query that arrives while a transaction is open would run
// INSIDE that transaction (and be rolled back with it). This wrapper makes every statement take the same
// lock, so a query outside a transaction waits until the open one commits or rolls back. The plain-SQL
// writer (sqlite-sql.ts) takes the same lock.
import { Mutex } from 'async-mutex';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqliteSynchronous } from './sqlite-sql';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction, IsolationLevel } from '@prisma/driver-adapter-utils';

class SerializedAdapter implements SqlDriverAdapter {
  readonly provider;
  readonly adapterName;
  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly lock: Mutex,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }
  queryRaw(query: SqlQuery) {
    return this.lock.runExclusive(() => this.inner.queryRaw(query));
  }
  executeRaw(query: SqlQuery) {
    return this.lock.runExclusive(() => this.inner.executeRaw(query));
  }
  executeScript(script: string) {
    return this.lock.runExclusive(() => this.inner.executeScript(script));
  }
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.lock.acquire();
    try {
      const transaction = await this.inner.startTransaction(isolationLevel);
      const end = (finish: () => Promise<void>) => async () => {
        try {
          await finish();
        } finally {
          release();
        }
      };
      return {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        queryRaw: (query) => transaction.queryRaw(query),
        executeRaw: (query) => transaction.executeRaw(query),
        commit: end(() => transaction.commit()),
        rollback: end(() => transaction.rollback()),
      };
    } catch (error) {
      release();
      throw error;
    }
  }
  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }
  dispose() {
    return this.inner.dispose();
  }
}

/** `lock` is shared with the plain-SQL writer (sqlite-sql.ts): one writer at a time in the process. */
export function serializedSqliteAdapter(url: string, lock: Mutex, synchronous: SqliteSynchronous): SqlDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url, timeout: 5000 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const inner = await factory.connect();
      // `synchronous` is per connection; see SQLITE_SYNCHRONOUS in docs/databases.md.
      await inner.executeScript(`PRAGMA synchronous = ${synchronous}`);
      return new SerializedAdapter(inner, lock);
    },
  };
}
