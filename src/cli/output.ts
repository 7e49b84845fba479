// CLI output the AWS CLI way: --output json|text|table and a JMESPath --query.
import jmespath from 'jmespath';

export const OUTPUT_FORMATS = ['json', 'text', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

export function applyQuery(value: unknown, query: string | undefined): Json {
  const data = toJson(value);
  if (!query) return data;
  return toJson(jmespath.search(data, query));
}

function scalar(value: Json): string {
  if (value === null) return 'None';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The AWS CLI's text output: scalars as is, a list's scalars tab-separated, objects' values in key order. */
export function renderText(value: Json): string {
  if (value === null || typeof value !== 'object') return scalar(value);
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object'))
      return value.map(scalar).join('\t');
    return value.map(renderText).join('\n');
  }
  const keys = Object.keys(value).sort();
  const scalars = keys.filter((k) => value[k] === null || typeof value[k] !== 'object');
  const nested = keys.filter((k) => !scalars.includes(k));
  const lines = scalars.length ? [scalars.map((k) => scalar(value[k] ?? null)).join('\t')] : [];
  for (const k of nested) lines.push(renderText(value[k] ?? null));
  return lines.join('\n');
}

export function renderTable(value: Json, columns?: string[]): string {
  const rows: Json[] = Array.isArray(value) ? value : [value];
  if (rows.length === 0) return '';
  if (rows.every((r) => r === null || typeof r !== 'object')) return rows.map(scalar).join('\n');
  const objects = rows.map((r) =>
    r && typeof r === 'object' && !Array.isArray(r) ? r : { value: r },
  );
  const cols = columns ?? [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const cells = objects.map((o) =>
    cols.map((c) => (o[c] === undefined ? '' : scalar(o[c] ?? null))),
  );
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (parts: string[]) =>
    parts
      .map((p, i) => p.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

export function render(
  value: unknown,
  format: OutputFormat,
  query?: string,
  tableColumns?: string[],
): string {
  const data = applyQuery(value, query);
  switch (format) {
    case 'json':
      return JSON.stringify(data, null, 2);
    case 'text':
      return renderText(data);
    case 'table':
      return renderTable(data, query ? undefined : tableColumns);
  }
}
