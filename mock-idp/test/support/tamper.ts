/** Changes the NameID text inside a base64 SAMLResponse, after it was signed. */
export function changeNameId(samlResponse: string, to: string): string {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const changed = xml.replace(/(<saml2:NameID[^>]*>)[^<]*(<\/saml2:NameID>)/, `$1${to}$2`);
  if (changed === xml) throw new Error('no NameID to change');
  return Buffer.from(changed, 'utf8').toString('base64');
}
