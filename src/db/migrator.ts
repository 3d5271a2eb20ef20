import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { currentSchema } from './dialect.js';

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export async function createMigrator(db: Kysely<any>, set: Record<string, Migration> = migrations) {
  return new Migrator({ db, provider: { getMigrations: async () => set }, migrationTableSchema: await currentSchema(db) });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`migration ${failed ?? '(setup)'} failed: ${reason}`, failed, { cause: result.error });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Runs every pending migration in one transaction; on failure nothing is applied and it throws. */
export async function migrateToLatest(db: Kysely<any>, set = migrations): Promise<string[]> {
  return check(await (await createMigrator(db, set)).migrateToLatest());
}

/** Reverts the newest applied migration. */
export async function migrateDown(db: Kysely<any>, set = migrations): Promise<string[]> {
  return check(await (await createMigrator(db, set)).migrateDown());
}
