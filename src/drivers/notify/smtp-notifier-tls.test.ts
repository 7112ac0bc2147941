import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertNoSecret,
  driverFailure,
  sampleNotification,
  smtpNotifier,
  startSmtpServer,
  USER,
} from './notify-test-kit.js';

/** A throwaway certificate for 127.0.0.1 from the openssl CLI, or why there is none. */
function makeCertificate(): { key: string; cert: string } | string {
  const dir = mkdtempSync(join(tmpdir(), 'drover-smtp-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch (e) {
    return `the openssl CLI could not make a test certificate (${(e as Error).message.split('\n')[0]}); install openssl`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tls = makeCertificate();
const skip = typeof tls === 'string' ? tls : false;

describe('SmtpNotifier over STARTTLS', { skip }, () => {
  const { key, cert } = tls as { key: string; cert: string };
  let srv: Awaited<ReturnType<typeof startSmtpServer>>;
  let secureSessions: boolean[];
  before(async () => {
    secureSessions = [];
    srv = await startSmtpServer({
      disabledCommands: [],
      allowInsecureAuth: false,
      key,
      cert,
      onMailFrom(_a, session, cb) {
        secureSessions.push(session.secure);
        cb();
      },
    });
  });
  after(async () => {
    await srv.close();
  });

  test('with the private CA configured, logs in and delivers over TLS', async () => {
    const n = smtpNotifier(srv.port, { requireTls: true, ca: cert });
    await n.send(sampleNotification());
    await n.close();
    assert.equal(srv.received.length, 1);
    assert.equal(srv.received[0]!.user, USER);
    assert.deepEqual(secureSessions, [true]);
  });

  test('a certificate it cannot verify is fatal (a configuration fault), without the password', async () => {
    const before = srv.received.length;
    const n = smtpNotifier(srv.port, { requireTls: true });
    const e = await driverFailure(n.send(sampleNotification()));
    await n.close();
    assert.equal(e.kind, 'fatal', e.message);
    assertNoSecret(e);
    assert.equal(srv.received.length, before);
  });
});

describe('SmtpNotifier with requireTls', () => {
  test('refuses a server without STARTTLS before sending the credentials', async () => {
    let authAttempts = 0;
    const srv = await startSmtpServer({
      onAuth(_auth, _s, cb) {
        authAttempts++;
        cb(new Error('no'));
      },
    });
    try {
      const n = smtpNotifier(srv.port, { requireTls: true });
      const e = await driverFailure(n.send(sampleNotification()));
      await n.close();
      assert.equal(e.kind, 'fatal', e.message);
      assert.equal(authAttempts, 0, 'no credentials went over the plain connection');
      assert.equal(srv.received.length, 0);
    } finally {
      await srv.close();
    }
  });
});
