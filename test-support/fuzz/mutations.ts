// Mutations of a known-good document (an XML message, a JWS, a base64 string) as data, so fast-check
// can shrink a failing case to the one edit that matters: each edit names a kind, a position as a
// fraction of the length, and what it inserts.
import fc from 'fast-check';

/** Fragments that upset XML parsers, signature checkers and the code after them. */
export const XML_FRAGMENTS = [
  '<!DOCTYPE x [<!ENTITY e "e">]>',
  '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
  '&e;',
  '&#0;',
  '&#x110000;',
  '&amp;',
  '<!-- c -->',
  '<![CDATA[<x>]]>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<?pi x?>',
  '</x>',
  '<x>',
  '<x/>',
  '"',
  "'",
  '<',
  '>',
  '\u0000',
  '\ufffe',
  ' xmlns="urn:x"',
  ' xmlns:saml="urn:x"',
  ' ID="dup"',
] as const;

export type Edit =
  | { kind: 'replace-char'; at: number; with: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export function edits(fragments: readonly string[] = XML_FRAGMENTS): fc.Arbitrary<Edit[]> {
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('replace-char' as const), at: position, with: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }) }),
    fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: position }),
    fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8, unit: 'binary' })) }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 });
}

export function applyEdits(text: string, list: readonly Edit[]): string {
  let out = text;
  for (const e of list) {
    const at = Math.floor(e.at * out.length);
    switch (e.kind) {
      case 'replace-char':
        out = out.slice(0, at) + e.with + out.slice(at + 1);
        break;
      case 'delete':
        out = out.slice(0, at) + out.slice(at + e.length);
        break;
      case 'duplicate':
        out = out.slice(0, at + e.length) + out.slice(at, at + e.length) + out.slice(at + e.length);
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'insert':
        out = out.slice(0, at) + e.text + out.slice(at);
        break;
    }
  }
  return out;
}

/** One of `docs`, edited. */
export function mutated(docs: readonly string[], fragments: readonly string[] = XML_FRAGMENTS): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...docs), edits(fragments)).map(([doc, list]) => applyEdits(doc, list));
}
