import type { DbClient } from '../../db/client';
import type { Sql } from '../../db/sql';
import type { AuthUser } from './auth.schemas';

const select = { id: true, email: true, name: true, role: true } as const;
// An allow-list, field by field: a row that carries more (the password hash) can never leak through a spread.
const toUser = (row: { id: string; email: string; name: string; role: string }): AuthUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role === 'admin' || row.role === 'staff' ? row.role : 'customer',
});

export function createUsersRepository(db: DbClient, sql: Sql) {
  return {
    /** Runs on every authenticated request, so it is plain SQL (src/db/sql.ts). */
    async findById(id: string) {
      const [row] = await sql.all<{ id: string; email: string; name: string; role: string }>(
        `SELECT "id", "email", "name", "role" FROM "User" WHERE "id" = ?`,
        [id],
      );
      return row ? toUser(row) : undefined;
    },
    async findWithHashByEmail(email: string) {
      const row = await db.user.findUnique({ where: { email }, select: { ...select, passwordHash: true } });
      return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
    },
    /** Throws Prisma's P2002 when the email is taken; the service turns that into EMAIL_TAKEN. */
    async create(data: { email: string; name: string; passwordHash: string; role: 'customer' | 'staff' | 'admin' }) {
      return toUser(await db.user.create({ data, select }));
    },
    async upsertAdmin(data: { email: string; name: string; passwordHash: string }) {
      return toUser(
        await db.user.upsert({
          where: { email: data.email },
          create: { ...data, role: 'admin' },
          update: { role: 'admin', passwordHash: data.passwordHash },
          select,
        }),
      );
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
