/** Coordinates to one decimal: enough for a screen, and the SVG stays small. */
export function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);
}
