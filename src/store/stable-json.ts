/**
 * JSON with object keys sorted at every level: two equal values give the same text,
 * whatever order their keys were built in (YAML, API body, defaults filled in), so
 * stored JSON can be compared as text.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
