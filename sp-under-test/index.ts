// Public surface of the reference SP (named exports only).
export { createReferenceSp, SpOptionsError } from './src/server.ts';
export type { ReferenceSp, ReferenceSpOptions } from './src/server.ts';
export { createSpApp } from './src/app.ts';
export type { SpApp, SpAppOptions } from './src/app.ts';
export { SpError, SSO_ERROR_CODES } from './src/errors.ts';
export type { SpErrorCode, SsoErrorCode, SettingsErrorCode, AppErrorCode } from './src/errors.ts';
export type { SsoConnection, SamlConnection, OidcConnection, Organization, Account, Role } from './src/model.ts';
