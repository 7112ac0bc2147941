import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { DriverError } from '../../core/errors.js';
import type { Notification } from '../notifier.js';
import { SmtpNotifier, type SmtpNotifierOptions } from './smtp-notifier.js';

/** Test helpers for the notifiers: a sample notification, a real SMTP server on loopback. */

export const USER = 'drover';
export const PASSWORD = 'S3cret-pa55word!';

export interface Received {
  mail: ParsedMail;
  envelopeTo: string[];
  user: string | undefined;
}

/** A real SMTP server on loopback; `opts` overrides its handlers. */
export async function startSmtpServer(opts: Partial<SMTPServerOptions> = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASSWORD) cb(null, { user: auth.username });
      // A careless server that repeats what it refused: the notifier must not pass it on.
      else cb(Object.assign(new Error(`Invalid login ${auth.username}/${auth.password}`), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined });
          cb();
        },
        (e: Error) => cb(e),
      );
    },
    ...opts,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export function sampleNotification(over: Partial<Notification> = {}): Notification {
  return {
    id: 42,
    kind: 'lease.expiring',
    subject: 'Your VM redis-test expires in 24 hours',
    body: 'Lease L-1 on redis-test ends at 2025-06-01 12:00 UTC.\nRenew it with: drover lease renew L-1\n',
    data: { leaseId: 'L-1' },
    recipient: { userId: 'alice', name: 'Alice Example', email: 'alice@example.org' },
    ...over,
  };
}

export async function driverFailure(p: Promise<unknown>): Promise<DriverError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DriverError, `expected a DriverError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected send to fail');
}

/** An SmtpNotifier for the loopback server on `port`, logging in as USER. */
export function smtpNotifier(port: number, over: Partial<SmtpNotifierOptions> = {}): SmtpNotifier {
  return new SmtpNotifier({ host: '127.0.0.1', port, user: USER, password: PASSWORD, from: 'Drover <drover@cloud.example.com>', timeoutMs: 10_000, ...over });
}

/** The error nowhere holds PASSWORD, raw or base64. */
export function assertNoSecret(e: DriverError): void {
  const b64 = Buffer.from(PASSWORD).toString('base64');
  for (const text of [e.message, JSON.stringify(e.details), String(e.stack)]) {
    assert.ok(!text.includes(PASSWORD), `password leaked: ${text}`);
    assert.ok(!text.includes(b64.replace(/=+$/, '')), `base64 password leaked: ${text}`);
  }
}
