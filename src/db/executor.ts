import type { Kysely, Transaction } from 'kysely';
import type { DB } from './types.js';

/** What a repository function runs on: the database, or a transaction the domain opened. */
export type Executor = Kysely<DB> | Transaction<DB>;
