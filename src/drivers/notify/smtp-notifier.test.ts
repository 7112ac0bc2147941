import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { AddressObject } from 'mailparser';
import { isDriverError } from '../../core/errors.js';
import {
  assertNoSecret,
  driverFailure as failure,
  sampleNotification as notification,
  smtpNotifier as notifier,
  startSmtpServer as startServer,
  USER,
} from './notify-test-kit.js';

describe('SmtpNotifier against a real SMTP server', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    srv = await startServer();
  });
  after(async () => {
    await srv.close();
  });

  test('delivers plain-text mail to the recipient, logged in, with the id in its headers', async () => {
    const n = notifier(srv.port);
    await n.send(notification());
    await n.close();

    assert.equal(srv.received.length, 1);
    const { mail, envelopeTo, user } = srv.received[0]!;
    assert.equal(user, USER, 'authenticated as the configured user');
    assert.deepEqual(envelopeTo, ['alice@example.org']);
    const to = mail.to as AddressObject;
    assert.deepEqual(to.value.map((a) => [a.name, a.address]), [['Alice Example', 'alice@example.org']]);
    assert.equal(mail.from?.value[0]?.address, 'drover@cloud.example.com');
    assert.equal(mail.subject, 'Your VM redis-test expires in 24 hours');
    assert.equal(mail.text?.trim(), notification().body.trim());
    assert.equal(mail.html, false, 'plain text only');
    assert.equal(mail.headers.get('x-drover-notification'), '42');
    assert.equal(mail.headers.get('x-drover-kind'), 'lease.expiring');
    assert.match(mail.messageId ?? '', /^<drover-n42-[0-9a-f]{16}@cloud\.example\.com>$/);
  });

  test('a resend carries the same Message-ID; another notification a different one', async () => {
    srv.received.length = 0;
    const n = notifier(srv.port);
    await n.send(notification({ id: 7 }));
    await n.send(notification({ id: 7 }));
    await n.send(notification({ id: 8 }));
    await n.close();
    const ids = srv.received.map((r) => r.mail.messageId);
    assert.equal(ids.length, 3);
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
  });

  test('a wrong password is fatal and the error does not reveal the password', async () => {
    const wrong = 'Wr0ng-pa55word!';
    const n = notifier(srv.port, { password: wrong });
    const e = await failure(n.send(notification()));
    await n.close();
    assert.equal(e.kind, 'fatal');
    assert.equal(e.details.status, 535);
    assert.match(e.message, /535/);
    assert.ok(!e.message.includes(wrong), `password leaked: ${e.message}`);
    assert.ok(!e.message.includes(Buffer.from(wrong).toString('base64').replace(/=+$/, '')), e.message);
    assertNoSecret(e);
  });

  test('a recipient without an e-mail address is fatal and nothing is sent', async () => {
    srv.received.length = 0;
    const n = notifier(srv.port);
    const e = await failure(n.send(notification({ recipient: { userId: 'bob', name: 'Bob', email: null } })));
    await n.close();
    assert.equal(e.kind, 'fatal');
    assert.match(e.message, /user bob has no e-mail address/);
    assert.equal(srv.received.length, 0);
  });
});

describe('SmtpNotifier failure kinds', () => {
  test('a recipient refused for good (550) is fatal; refused for now (450) is transient', async () => {
    const srv = await startServer({
      authOptional: true,
      onRcptTo(address, _s, cb) {
        if (address.address.startsWith('gone')) return cb(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
        if (address.address.startsWith('full')) return cb(Object.assign(new Error('4.2.2 Mailbox full, try later'), { responseCode: 450 }));
        cb();
      },
    });
    try {
      const n = notifier(srv.port, { user: undefined, password: undefined });
      const gone = await failure(n.send(notification({ recipient: { userId: 'g', name: 'G', email: 'gone@example.org' } })));
      assert.equal(gone.kind, 'fatal');
      assert.match(gone.message, /550/);
      const full = await failure(n.send(notification({ recipient: { userId: 'f', name: 'F', email: 'full@example.org' } })));
      assert.equal(full.kind, 'transient');
      assert.match(full.message, /450/);
      await n.close();
      assert.equal(srv.received.length, 0);
    } finally {
      await srv.close();
    }
  });

  test('a server that turns clients away with 421 gives a transient error', async () => {
    const srv = await startServer({
      onConnect(_s, cb) {
        cb(Object.assign(new Error('Too busy, try again later'), { responseCode: 421 }));
      },
    });
    try {
      const n = notifier(srv.port);
      const e = await failure(n.send(notification()));
      await n.close();
      assert.equal(e.kind, 'transient');
      assertNoSecret(e);
    } finally {
      await srv.close();
    }
  });

  test('a server that is down gives a transient error without the password', async () => {
    // A port that was just free: bind, note it, release it.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));

    const n = notifier(port);
    const e = await failure(n.send(notification()));
    await n.close();
    assert.ok(isDriverError(e, 'transient'), e.message);
    assert.match(e.message, /ECONNREFUSED/);
    assertNoSecret(e);
  });

  test('refuses a configuration it cannot use', () => {
    assert.throws(() => notifier(25, { from: 'Drover' }), /no e-mail address/);
    assert.throws(() => notifier(0), /not a port/);
    assert.throws(() => notifier(25, { password: undefined }), /user and password go together/);
  });
});
