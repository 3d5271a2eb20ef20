/**
 * Errors after which the same transaction, run again, may well succeed: PostgreSQL's deadlock
 * (40P01) and serialization failure (40001), and SQLite's busy file once the driver has waited
 * as long as it will. Anything else (a broken rule, a unique key) would fail again the same way.
 */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}
