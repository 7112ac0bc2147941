import { DriverError } from '../../core/errors.js';
import { isCertificateFault } from './net-fault.js';

/** The fields nodemailer puts on the errors it hands back (its NodemailerError). */
interface MailerFault {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
  message?: string;
}

/** Failures of the connection, not of the message: another attempt may well pass. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROXY']);

/**
 * A DriverError for a failed send. With an SMTP reply, its class decides (RFC 5321:
 * 5yz permanent, 4yz transient; nodemailer's `permanent` also counts 503 as transient).
 * Without one, a lost or refused connection is transient; anything else (missing
 * credentials, a refused certificate or TLS upgrade, a malformed envelope) is a
 * configuration or address problem that another attempt will not fix.
 *
 * The message is built from the code and the server's reply only, then scrubbed of
 * every form in which the password can travel: a server may echo the credentials it
 * refused, and AUTH PLAIN/LOGIN send them base64-encoded.
 */
export function smtpDriverError(label: string, e: unknown, credentials: { user?: string; password?: string }): DriverError {
  const f = (e ?? {}) as MailerFault;
  const code = typeof f.code === 'string' ? f.code : '';
  const hasReply = typeof f.responseCode === 'number' && f.responseCode > 0;
  let kind: 'transient' | 'fatal';
  if (hasReply) kind = (f.permanent ?? f.responseCode! >= 500) ? 'fatal' : 'transient';
  else if (isCertificateFault(f.originalCode ?? '')) kind = 'fatal';
  else kind = CONNECTION_CODES.has(code) ? 'transient' : 'fatal';

  const cause = f.originalCode && f.originalCode !== code ? `${code}/${f.originalCode}` : code;
  // nodemailer's message already ends with the server's reply when there was one.
  const what = f.message ?? f.response ?? String(e);
  // Scrub first: folding whitespace or cutting the text could break a password's match.
  const text = scrub(`${label}: ${[cause, what].filter(Boolean).join(' ')}`, credentials).replace(/\s+/g, ' ').trim();
  return new DriverError(kind, truncate(text, 500), hasReply ? { status: f.responseCode! } : {});
}

/** Replaces the password, raw and in the base64 forms SASL PLAIN and LOGIN use. */
export function scrub(text: string, { user, password }: { user?: string; password?: string }): string {
  if (!password) return text;
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const forms = [password, b64(password), b64(password).replace(/=+$/, '')];
  if (user !== undefined) forms.push(b64(`\0${user}\0${password}`), b64(`${user}\0${user}\0${password}`));
  let out = text;
  // Longest first, so that a base64 form is not left half-replaced by a shorter one.
  for (const form of forms.filter((s) => s.length >= 1).sort((a, b) => b.length - a.length)) {
    out = out.split(form).join('[redacted]');
  }
  return out;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}
