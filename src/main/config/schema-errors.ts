/**
 * Turns JSON-schema validation errors into one sentence per offending key, naming
 * the key as a user writes it (`clouds[0].kind`) and what is allowed there.
 */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

export function keyName(instancePath: string): string {
  const parts = instancePath.split('/').slice(1);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(top level)';
}

export function describeSchemaErrors(errors: SchemaError[], allowedKeys: (path: string) => string[]): string[] {
  const byPath = new Map<string, SchemaError[]>();
  for (const e of errors) {
    if (e.keyword === 'boolean') continue; // duplicate of additionalProperties
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  const out: string[] = [];
  for (const [path, list] of byPath) {
    const extra = list.find((e) => e.keyword === 'additionalProperties');
    if (extra) {
      const allowed = allowedKeys(path);
      for (const k of (extra.params.additionalProperties as string[]) ?? []) {
        out.push(`unknown key '${keyName(`${path}/${k}`)}'${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`);
      }
      continue;
    }
    const consts = list.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params.allowedValue));
    if (consts.length > 0) {
      out.push(`'${keyName(path)}' must be one of: ${consts.join(', ')}`);
      continue;
    }
    const required = list.filter((e) => e.keyword === 'required');
    if (required.length > 0) {
      for (const r of required) {
        const missing = (r.params.requiredProperties as string[] | undefined) ?? [String(r.params.missingProperty ?? '')];
        for (const m of missing) out.push(`missing key '${keyName(`${path}/${m}`)}'`);
      }
      continue;
    }
    const first = list.find((e) => e.keyword !== 'anyOf') ?? list[0]!;
    out.push(`'${keyName(path)}' ${first.message}`);
  }
  return out;
}
