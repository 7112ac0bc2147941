import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { ConflictError, InputError, NotFoundError } from '../core/errors.js';
import type { ApiTokensTable, Database, UsersTable } from './schema.js';
import { isUniqueViolation } from './sql-errors.js';
import type { ApiToken, Role, Store, User } from './store.js';
import { hashTokenSecret, newTokenSecret, TOKEN_PREFIX } from './token-secret.js';

type UserMethods = Pick<
  Store,
  'createUser' | 'getUserByName' | 'listUsers' | 'createToken' | 'authenticate' | 'listTokens' | 'revokeToken'
>;

const ROLES: readonly Role[] = ['user', 'operator', 'admin'];

function toUser(r: Selectable<UsersTable>): User {
  return { id: r.id, name: r.name, role: r.role as Role, project: r.project, email: r.email, createdAt: r.created_at };
}

function toToken(r: Pick<Selectable<ApiTokensTable>, 'id' | 'user_id' | 'label' | 'created_at'>): ApiToken {
  return { id: r.id, userId: r.user_id, label: r.label, createdAt: r.created_at };
}

export function userStore(db: Kysely<Database>): UserMethods {
  return {
    async createUser({ name, role, project, email }, at) {
      if (!name) throw new InputError('user name must not be empty', 'name');
      if (!ROLES.includes(role)) throw new InputError(`role must be one of ${ROLES.join(', ')}`, 'role');
      const row = { id: randomUUID(), name, role, project, email: email ?? null, created_at: at };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError(`user ${name} already exists`);
        throw e;
      }
      return toUser(row);
    },

    async getUserByName(name) {
      const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async listUsers() {
      return (await db.selectFrom('users').selectAll().orderBy('name').execute()).map(toUser);
    },

    async createToken(userId, label, at) {
      const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (!user) throw new NotFoundError(`user ${userId} not found`);
      const secret = newTokenSecret();
      const row = { id: randomUUID(), user_id: userId, label, hash: hashTokenSecret(secret), created_at: at };
      await db.insertInto('api_tokens').values(row).execute();
      return { token: toToken(row), secret };
    },

    async authenticate(secret) {
      if (!secret.startsWith(TOKEN_PREFIX)) return null;
      // Lookup by hash: the secret never reaches the database, and timing reveals nothing usable.
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .where('api_tokens.hash', '=', hashTokenSecret(secret))
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async listTokens(userId) {
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'user_id', 'label', 'created_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toToken);
    },

    async revokeToken(tokenId) {
      const res = await db.deleteFrom('api_tokens').where('id', '=', tokenId).executeTakeFirst();
      return res.numDeletedRows > 0n;
    },
  };
}
