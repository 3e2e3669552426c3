// Loaded into a demo's service with `node --import` (scripts/demo/kit.mjs, countQueries): counts every SQL
// statement the process runs, on SQLite (better-sqlite3 statements) or Postgres (pg's Client.query), and
// answers the demo's IPC question { type: 'demo:query-count' }. Demo tooling only; src/ knows nothing of it.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(import.meta.dirname, '..', '..', 'package.json'));
let count = 0;

const Database = require('better-sqlite3');
const prepare = Database.prototype.prepare;
let patched = false;
Database.prototype.prepare = function countedPrepare(...args) {
  const statement = prepare.apply(this, args);
  if (!patched) {
    // Statements share one native prototype: wrap its run methods once, on the first statement seen.
    patched = true;
    const proto = Object.getPrototypeOf(statement);
    for (const name of ['run', 'get', 'all', 'iterate']) {
      const original = proto[name];
      proto[name] = function counted(...params) {
        count++;
        return original.apply(this, params);
      };
    }
  }
  return statement;
};

const pg = require('pg');
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  count++;
  return query.apply(this, args);
};

if (process.send) {
  process.on('message', (message) => {
    if (message?.type === 'demo:query-count') process.send({ event: 'demo:query-count', count });
  });
  // Listening must not keep the process alive at shutdown.
  process.channel?.unref();
}
