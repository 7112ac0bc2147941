/**
 * Fastify's default message for a schema violation is "body must NOT have additional
 * properties", which hides the one thing the caller needs: which field. This formatter
 * names it ("body/colour is not a known field") and keeps fastify's wording otherwise
 * ("body/duration must be string"). The first violation only: ajv stops there.
 */
interface AjvError {
  keyword: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

export function schemaErrorFormatter(errors: AjvError[], dataVar: string): Error {
  const e = errors[0];
  if (!e) return new Error(`${dataVar} is not valid`);
  const at = `${dataVar}${e.instancePath ?? ''}`;
  const extra = e.params?.additionalProperty;
  if (e.keyword === 'additionalProperties' && typeof extra === 'string') {
    return new Error(`${at}/${extra} is not a known field`);
  }
  const missing = e.params?.missingProperty;
  if (e.keyword === 'required' && typeof missing === 'string') {
    return dataVar === 'headers' ? new Error(`the ${headerName(missing)} header is required`) : new Error(`${at}/${missing} is required`);
  }
  return new Error(`${at} ${e.message ?? 'is not valid'}`);
}

/** Header names reach ajv lower-cased; show them as people write them (Idempotency-Key). */
function headerName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}
