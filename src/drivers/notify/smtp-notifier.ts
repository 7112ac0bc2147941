import { createHash } from 'node:crypto';
import { createTransport, type SMTPSentMessageInfo, type SMTPTransportOptions, type Transporter } from 'nodemailer';
import { DriverError, InputError } from '../../core/errors.js';
import type { Notification, Notifier } from '../notifier.js';
import { smtpDriverError } from './smtp-error.js';

export interface SmtpNotifierOptions {
  host: string;
  port: number;
  /** TLS from the first byte (usually port 465). Otherwise STARTTLS is used when offered. */
  secure?: boolean;
  /** Refuse to go on (and so to send credentials) over a connection without TLS. */
  requireTls?: boolean;
  /** PEM of the CA(s) to trust; replaces the system's list (Node's `ca`). */
  ca?: string;
  user?: string;
  password?: string;
  /** Sender, e.g. 'Drover <drover@example.com>'. Its domain also names the Message-IDs. */
  from: string;
  /** Per connection step (connect, greeting, each command); default 30 s. */
  timeoutMs?: number;
  /** Defaults to 'smtp'. */
  name?: string;
}

/**
 * Plain-text e-mail through one SMTP server (a relay or a submission port), one
 * connection per message: notifications are few, and a fresh connection leaves no
 * pooled state to go stale between them.
 *
 * De-duplication: the Message-ID is derived from the notification (its id and a hash of
 * its content), so a resend after a crash carries the same Message-ID, which mail
 * stores and readers use to drop copies; `X-Drover-Notification` carries the bare id.
 * The hash keeps ids from colliding with mail sent before a database was reset.
 */
export class SmtpNotifier implements Notifier {
  readonly name: string;
  readonly #transport: Transporter<SMTPSentMessageInfo, SMTPTransportOptions>;
  readonly #from: string;
  readonly #domain: string;
  readonly #credentials: { user?: string; password?: string };
  readonly #label: string;

  constructor(opts: SmtpNotifierOptions) {
    if (!opts.host) throw new InputError('SMTP host is required', 'host');
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new InputError(`SMTP port ${opts.port} is not a port number`, 'port');
    if ((opts.password !== undefined) !== (opts.user !== undefined)) throw new InputError('SMTP user and password go together', 'user');
    const domain = /@([^\s<>@]+)>?\s*$/.exec(opts.from)?.[1];
    if (!domain) throw new InputError(`SMTP sender '${opts.from}' has no e-mail address`, 'from');

    this.name = opts.name ?? 'smtp';
    this.#from = opts.from;
    this.#domain = domain;
    this.#credentials = { user: opts.user, password: opts.password };
    this.#label = `${this.name} ${opts.host}:${opts.port}`;
    const timeout = opts.timeoutMs ?? 30_000;
    this.#transport = createTransport({
      host: opts.host,
      port: opts.port,
      secure: opts.secure ?? false,
      requireTLS: opts.requireTls ?? false,
      ...(opts.ca ? { tls: { ca: opts.ca } } : {}),
      ...(opts.user !== undefined ? { auth: { user: opts.user, pass: opts.password } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // nodemailer's own logging would write the SMTP dialogue (AUTH included) somewhere.
      logger: false,
      debug: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(n: Notification): Promise<void> {
    const email = n.recipient.email?.trim();
    if (!email) throw new DriverError('fatal', `${this.name}: user ${n.recipient.userId} has no e-mail address`);
    try {
      const info = await this.#transport.sendMail({
        from: this.#from,
        to: { name: n.recipient.name, address: email },
        subject: n.subject,
        text: n.body,
        messageId: messageIdOf(n, this.#domain),
        headers: { 'X-Drover-Notification': String(n.id), 'X-Drover-Kind': n.kind },
      });
      // A relay may accept some recipients and refuse others; there is only one here.
      if (info.rejected.length > 0) throw new DriverError('fatal', `${this.#label}: recipient ${email} refused`);
    } catch (e) {
      if (e instanceof DriverError) throw e;
      throw smtpDriverError(this.#label, e, this.#credentials);
    }
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}

/** `<drover-n42-1f2e3d4c5b6a7980@example.com>`: the same for every resend of one notification. */
export function messageIdOf(n: Notification, domain: string): string {
  const h = createHash('sha256')
    .update(JSON.stringify([n.id, n.kind, n.recipient.userId, n.subject, n.body]))
    .digest('hex')
    .slice(0, 16);
  return `<drover-n${n.id}-${h}@${domain}>`;
}
