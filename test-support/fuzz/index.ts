// Shared fuzzing helpers (fast-check): replayable runs, generic arbitraries for HTTP inputs, a raw
// HTTP client and the "coded answer" property. Server-specific shapes live with each server's tests.
export { checkAsyncProperty, checkProperty, fuzzParameters } from './run.ts';
export type { FuzzOptions } from './run.ts';
export { BAD_PERCENT, bodyText, contentType, headerValue, messyText, oddHeaders, pathSegment, percentByte, queryString } from './arbitraries.ts';
export { applyEdits, edits, mutated, XML_FRAGMENTS } from './mutations.ts';
export type { Edit } from './mutations.ts';
export { sendBytes, sendRaw } from './http.ts';
export type { RawAnswer, RawRequest } from './http.ts';
export { assertCodedAnswer, defaultCodeOf, LEAK_PATTERNS } from './assert-coded.ts';
export type { CodedAnswerOptions } from './assert-coded.ts';
