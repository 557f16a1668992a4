/**
 * JSON for the records the mock holds, which are plain objects with Maps, Sets and Dates in them:
 * each of those is written as a tagged object (`{"$map": [[k, v], …]}`, `{"$set": […]}`,
 * `{"$date": "…"}`) and read back as what it was. Being generic, it keeps whatever fields the
 * records grow without a schema to update here.
 */

type Tagged = { $map: [unknown, unknown][] } | { $set: unknown[] } | { $date: string };

function tag(value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value].map(([key, item]) => [tag(key), tag(item)]) };
  if (value instanceof Set) return { $set: [...value].map(tag) };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(tag);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => [key, tag(item)]));
  }
  return value;
}

function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown> & Partial<Tagged>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    if ('$map' in record && Array.isArray(record.$map)) return new Map(record.$map.map(([key, item]) => [untag(key), untag(item)]));
    if ('$set' in record && Array.isArray(record.$set)) return new Set(record.$set.map(untag));
    if ('$date' in record && typeof record.$date === 'string') return new Date(record.$date);
  }
  return Object.fromEntries(keys.map((key) => [key, untag(record[key])]));
}

export function stringifyTagged(value: unknown): string {
  return JSON.stringify(tag(value), null, 1);
}

/** Throws SyntaxError on text that is not JSON. */
export function parseTagged(text: string): unknown {
  return untag(JSON.parse(text));
}
