import type { Notifier } from '../drivers/notifier.js';
import { FanoutNotifier } from '../drivers/notify/fanout-notifier.js';
import { LogNotifier } from '../drivers/notify/log-notifier.js';
import { SmtpNotifier } from '../drivers/notify/smtp-notifier.js';
import { WebhookNotifier } from '../drivers/notify/webhook-notifier.js';
import type { NotificationsConfig } from './config/schema.js';

/**
 * The notifier for lease holders: every notification is logged, and also sent by
 * e-mail and/or webhook when configured. Credentials go to the drivers only.
 */
export function buildNotifier(config: NotificationsConfig | undefined, logger: { info(obj: object, msg?: string): void }): Notifier {
  const notifiers: Notifier[] = [new LogNotifier(logger)];
  if (config?.smtp) {
    const { host, port, from, secure, user, password } = config.smtp;
    notifiers.push(new SmtpNotifier({ host, port, from, ...(secure !== undefined ? { secure } : {}), ...(user ? { user } : {}), ...(password ? { password } : {}) }));
  }
  if (config?.webhook) {
    notifiers.push(new WebhookNotifier({ url: config.webhook.url, ...(config.webhook.secret ? { secret: config.webhook.secret } : {}) }));
  }
  return notifiers.length === 1 ? notifiers[0]! : new FanoutNotifier(notifiers);
}
