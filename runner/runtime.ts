/**
 * What the run points at: the URLs given on the command line, or servers it starts. Embedded (the
 * default) starts the mock IdP and the reference SP in this process on free loopback ports; the
 * containers runtime starts them in containers (runner/containers-runtime.ts). Whatever is started is
 * closed when the run ends.
 */
import { createMockIdp } from '../mock-idp/index.ts';
import { issueServerCertificate, type LocalCa } from '../mock-idp/src/tls/local-ca.ts';
import { createReferenceSp } from '../sp-under-test/index.ts';
import type { RunOptions } from './options.ts';

export interface Started {
  close(): Promise<void>;
}

export interface RuntimeUrls {
  idpUrl: string;
  spUrl: string;
  /** The settings given, plus what a started reference SP's driver needs (its operator token). */
  spSettings: Record<string, string>;
}

/** With `httpsCa` (--https) both embedded servers serve https with certificates from that CA. */
export async function startRuntime(options: RunOptions, settings: Record<string, string>, started: Started[], log: (line: string) => void, httpsCa?: LocalCa): Promise<RuntimeUrls> {
  const spSettings = { ...settings };
  if (options.spUrl && options.spDriver === 'reference') {
    log('note: --sp-url without --sp-driver uses the reference SP driver, which expects the reference SP pages');
  }
  if (options.runtime === 'containers') return (await import('./containers-runtime.ts')).startContainers(options, spSettings, started, log);
  let idpUrl = options.idpUrl;
  if (!idpUrl) {
    const idp = await createMockIdp(httpsCa ? { https: true } : {});
    started.push(idp);
    idpUrl = idp.url;
    log(`mock IdP: ${idpUrl} (embedded)`);
  }
  let spUrl = options.spUrl;
  if (!spUrl) {
    // Over https the SP is https too, as beside a real Okta: an http SP would not get its
    // SameSite=Lax session cookie on the SAML Response an https IdP page posts to it.
    const sp = await createReferenceSp(httpsCa ? { tls: await issueServerCertificate(httpsCa, 'reference SP') } : {});
    started.push(sp);
    // The embedded reference SP's operator token goes to its driver (jit-first-owner scenarios).
    spSettings['operatorToken'] ??= sp.operatorToken;
    spUrl = sp.url;
    log(`reference SP: ${spUrl} (embedded)`);
  }
  return { idpUrl, spUrl, spSettings };
}
