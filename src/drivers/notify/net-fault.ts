/** Node's code for a failed network call, from the error or the cause it wraps. */
export function netErrorCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * A TLS peer certificate that was refused (self-signed, unknown issuer, expired, wrong
 * name). Trying again will not help until someone fixes the server or the configured
 * CA, so notifiers report it as fatal, like a wrong password.
 */
export function isCertificateFault(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH/.test(code);
}
