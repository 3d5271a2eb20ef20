import { createServer } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { requestPasswordReset } from '../../src/domain/accounts.js';
import { composeMail, queueMail } from '../../src/domain/mail.js';
import { transact } from '../../src/domain/transaction.js';
import { deliverDueMail, smtpTransport } from '../../src/jobs/mail-sender.js';
import { TEST_NOW } from '../helpers/app.js';
import { type SharedDatabase, createSharedDatabase, prepareTestDatabase } from '../helpers/database.js';

/**
 * The outbox against a real SMTP server in this process (smtp-server): mail written with the
 * change, delivered by the sender, retried while the server is down, sent once by two instances.
 */

interface Received {
  to: string[];
  data: string;
}

let shared: SharedDatabase;
let first: Database;
let second: Database;
let port: number;
let smtp: SMTPServer | undefined;
const received: Received[] = [];
const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {}, fatal() {}, child: () => quiet, level: 'silent' } as unknown as FastifyBaseLogger;

/** A port nothing listens on yet: the mail server is down. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts or stops the mail server, so that each test finds it as it needs it, whatever ran before. */
async function mailServer(up: boolean): Promise<void> {
  if (!up) {
    if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
    smtp = undefined;
    return;
  }
  if (smtp) return;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp!.listen(port, '127.0.0.1', resolve));
}

beforeAll(async () => {
  shared = await createSharedDatabase();
  first = shared.open();
  second = shared.open();
  await prepareTestDatabase(first, { demoData: true, now: TEST_NOW });
  port = await freePort();
}, 60_000);

// Every test starts from an empty outbox: the sender delivers whatever is due, other tests' mail too.
beforeEach(async () => {
  await first.db.deleteFrom('outbox').execute();
  received.length = 0;
});

afterAll(async () => {
  await mailServer(false);
  await first.close();
  await second.close();
  await shared.drop();
});

const outbox = (recipient: string) => first.db.selectFrom('outbox').selectAll().where('recipient', '=', recipient).orderBy('id').execute();

describe('the mail outbox', () => {
  const transport = () => smtpTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true`);

  it('keeps the mail of an action taken while the mail server is down, and delivers it once when it is back', async () => {
    await mailServer(false);
    // The action succeeds although no mail server answers: the mail waits in the outbox.
    await requestPasswordReset(first.db, 'arrangor@example.se', { link: (token) => `http://temadag.test/konto/nytt-losenord?token=${token}`, now: TEST_NOW });
    const [queued] = await outbox('arrangor@example.se');
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 });

    let clock = new Date();
    const sender = { transport: transport(), from: 'Digital@Idag <noreply@temadag.test>', owner: 'instance-a', log: quiet, now: () => clock };
    expect(await deliverDueMail(first.db, sender)).toBe(0);
    const [failed] = await outbox('arrangor@example.se');
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.last_error).toMatch(/ECONNREFUSED/);
    // Not tried again before its pause is over.
    await mailServer(true);
    expect(await deliverDueMail(first.db, sender)).toBe(0);
    expect(received).toHaveLength(0);

    clock = new Date(Date.parse(failed!.next_attempt_at!) + 1000);
    expect(await deliverDueMail(first.db, sender)).toBe(1);
    expect(await deliverDueMail(first.db, sender)).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['arrangor@example.se']);
    expect(received[0]!.data).toContain('nytt-losenord?token=');
    expect((await outbox('arrangor@example.se'))[0]).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('sends each mail once when two instances deliver at the same time', async () => {
    await mailServer(true);
    await transact(first.db, async (trx) => {
      for (let i = 0; i < 30; i++) await queueMail(trx, composeMail('sv', 'approved', `mottagare-${i}@example.se`, { name: 'N', title: `Aktivitet ${i}`, reason: '', link: 'x' }), TEST_NOW);
    });
    const sender = (database: Database, owner: string) => deliverDueMail(database.db, { transport: transport(), from: 'noreply@temadag.test', owner, log: quiet });
    const [a, b] = await Promise.all([sender(first, 'instance-a'), sender(second, 'instance-b')]);
    expect(a + b).toBe(30);
    const recipients = received.flatMap((r) => r.to).sort();
    expect(recipients).toHaveLength(30);
    expect(new Set(recipients).size).toBe(30);
  });

  it('queues a mail with a dedupe key once, however often it is asked for', async () => {
    const ask = () =>
      transact(first.db, (trx) => queueMail(trx, composeMail('sv', 'approved', 'en-gang@example.se', { name: 'N', title: 'T', reason: '', link: 'x' }), TEST_NOW, 'reminder:once'));
    expect(await ask()).toBe(true);
    expect(await ask()).toBe(false);
    expect(await outbox('en-gang@example.se')).toHaveLength(1);
  });
});
