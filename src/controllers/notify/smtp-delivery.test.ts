import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { smtpNotifier, startSmtpServer } from '../../drivers/notify/notify-test-kit.js';
import { DAY, HOUR, MINUTE, leaseKit } from '../lease/lease-test-kit.js';
import { NotificationController, OUTBOX_KEY } from './notification-controller.js';

/**
 * End to end on loopback: the lease controller (on virtual time) queues a warning,
 * the notification controller sends it through the real SmtpNotifier to a real SMTP
 * server, which refuses the first try with 451. The notification controller is
 * called directly, not from a runner: SMTP is real I/O, and a direct call waits for it.
 */
test('an expiry warning reaches a real SMTP server, after a transient refusal, once', async (t) => {
  const mails: ParsedMail[] = [];
  let refuse = 1;
  const smtp = await startSmtpServer({
    onData(stream, _session, cb) {
      if (refuse-- > 0) {
        stream.on('end', () => cb(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 })));
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (mail) => (mails.push(mail), cb()),
        (e: Error) => cb(e),
      );
    },
  });
  const notifier = smtpNotifier(smtp.port);
  const kit = await leaseKit({ controller: { resyncMs: DAY } });
  t.after(async () => {
    await kit.close();
    await notifier.close();
    await smtp.close();
  });

  await kit.readyInstance();
  const lease = await kit.request({ durationMs: 3 * DAY });
  kit.runner.start();
  await kit.sim.clock.advanceTo(lease.expiresAt - DAY + MINUTE);
  assert.deepEqual((await kit.notifications()).map((n) => n.kind), ['lease.expiring']);

  const outbox = new NotificationController(kit.store, notifier, { random: () => 0.5 });
  const pass = () => outbox.reconcile(OUTBOX_KEY, { now: kit.sim.clock.now(), failures: 0 });

  await pass();
  assert.equal(mails.length, 0, 'the server refused the first try');
  const [waiting] = await kit.store.dueNotifications(Number.MAX_SAFE_INTEGER, 10);
  assert.equal(waiting?.attempts, 1);
  assert.match(waiting?.lastError ?? '', /451/);

  await pass();
  assert.equal(mails.length, 0, 'not retried before its backoff');
  await kit.sim.clock.advance(HOUR);
  await pass();
  assert.equal(mails.length, 1, 'delivered on the retry');

  const mail = mails[0]!;
  assert.deepEqual((mail.to as AddressObject).value.map((a) => [a.name, a.address]), [['alice', 'alice@example.org']]);
  assert.equal(mail.subject, `Lease ${lease.id} expires in 1d`);
  assert.match(mail.text ?? '', new RegExp(`Your lease ${lease.id} \\(profile redis-test\\) expires in 1d at 2025-01-04 00:00 UTC`));
  assert.match(mail.text ?? '', new RegExp(`drover renew ${lease.id} --duration 3d`));
  assert.equal(mail.headers.get('x-drover-notification'), String(waiting!.id));
  assert.ok(!(mail.text ?? '').includes('pw-not-in-mail'));

  await kit.sim.clock.advance(HOUR);
  await pass();
  assert.equal(mails.length, 1, 'sent once');
  assert.deepEqual(await kit.store.dueNotifications(Number.MAX_SAFE_INTEGER, 10), [], 'nothing left in the outbox');
});
