import { inspect } from 'node:util';

/**
 * A password, application-credential secret or token. It renders as `***` in
 * String(), JSON.stringify and util.inspect (and so in pino logs and error dumps);
 * only `reveal()` gives the value, and only request builders call it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '***';
  }

  toJSON(): string {
    return '***';
  }

  [inspect.custom](): string {
    return 'Secret(***)';
  }
}
