import type { AuditLogTable } from '../db/types.js';
import type { Executor } from '../db/executor.js';

export interface AuditEntry {
  entityType: AuditLogTable['entity_type'];
  entityId: number;
  accountId: number | null;
  action: string;
  changes: object;
  now: string;
}

function auditRow(entry: AuditEntry) {
  return {
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    account_id: entry.accountId,
    action: entry.action,
    changes: JSON.stringify(entry.changes),
    created_at: entry.now,
  };
}

export function insertAuditEntry(db: Executor, entry: AuditEntry) {
  return db.insertInto('audit_log').values(auditRow(entry)).returningAll().executeTakeFirstOrThrow();
}

/** Several entries in one insert (an import's batch). */
export async function insertAuditEntries(db: Executor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto('audit_log').values(entries.map(auditRow)).execute();
}

/** An entity's history, oldest first, with who did it. */
export function auditTrail(db: Executor, entityType: AuditLogTable['entity_type'], entityId: number) {
  return db
    .selectFrom('audit_log as l')
    .leftJoin('accounts as a', 'a.id', 'l.account_id')
    .where('l.entity_type', '=', entityType)
    .where('l.entity_id', '=', entityId)
    .select(['l.id', 'l.action', 'l.changes', 'l.created_at as createdAt', 'a.name as accountName', 'a.email as accountEmail'])
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
}
