/**
 * A scenario skipped because the SP's driver lacks a capability attaches this, so the runner's
 * console line and JUnit report can say which (cucumber's own skip carries no message).
 */
export const SKIP_MEDIA_TYPE = 'application/vnd.sso-conformance.skip+json';

export interface SkipReason {
  missing: string[];
}
