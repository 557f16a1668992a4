/**
 * The inspector's log as text for people: one heading line per message (when, which way, what,
 * the faults it took, the refusal code), then the message decoded and indented — XML laid out one
 * element per line, JSON as is. The cucumber report attaches this for each scenario; the API serves
 * it at GET /mock/v1/inspector/trace. Display only: the exact text is in the JSON API.
 */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import type { InspectedMessage } from './message-log.ts';

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const COMMENT = 8;

function attributesOf(element: Element): string {
  return Array.from(element.attributes)
    .map((attribute) => ` ${attribute.name}="${attribute.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`)
    .join('');
}

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function layOut(node: Node, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  if (node.nodeType === COMMENT) {
    lines.push(`${pad}<!--${node.nodeValue ?? ''}-->`);
    return;
  }
  if (node.nodeType === TEXT || node.nodeType === CDATA) {
    const text = (node.nodeValue ?? '').trim();
    if (text) lines.push(pad + (node.nodeType === CDATA ? `<![CDATA[${text}]]>` : escapeText(text)));
    return;
  }
  if (node.nodeType !== ELEMENT) return;
  const element = node as Element;
  const children = Array.from(element.childNodes);
  const open = `<${element.tagName}${attributesOf(element)}`;
  if (children.length === 0) {
    lines.push(`${pad}${open}/>`);
  } else if (children.every((child) => child.nodeType === TEXT)) {
    lines.push(`${pad}${open}>${escapeText(element.textContent ?? '')}</${element.tagName}>`);
  } else {
    lines.push(`${pad}${open}>`);
    for (const child of children) layOut(child, depth + 1, lines);
    lines.push(`${pad}</${element.tagName}>`);
  }
}

/** XML one element per line; anything that does not parse cleanly (or has a DOCTYPE) as it came. */
export function prettyXml(xml: string): string {
  if (/<!DOCTYPE/i.test(xml)) return xml;
  try {
    const document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
    const lines: string[] = [];
    for (const child of Array.from(document.childNodes)) layOut(child, 0, lines);
    return lines.join('\n');
  } catch {
    return xml;
  }
}

function heading(message: InspectedMessage): string {
  const faults = message.faults.map(
    (fault) =>
      `fault${fault.label ? ` "${fault.label}"` : ''}: ${fault.mutations.map((mutation) => `${mutation.name} at ${mutation.point}${mutation.notApplied ? ` (not applied: ${mutation.notApplied})` : ''}`).join(', ')}`,
  );
  const refusal = message.refusal ? [`${message.refusal.code}${message.refusal.status ? ` (${message.refusal.status})` : ''}: ${message.refusal.message}`] : [];
  const who = [message.appId ? `app ${message.appId}` : '', message.userId ? `user ${message.userId}` : ''].filter(Boolean).join(', ');
  const relay = message.relayState !== undefined ? [`  RelayState: ${message.relayState}`] : [];
  return [`#${message.id} ${message.at} ${message.direction} ${message.summary}${who ? ` (${who})` : ''}`, ...refusal.map((line) => `  refusal: ${line}`), ...relay, ...faults.map((line) => `  ${line}`)].join('\n');
}

export function formatMessage(message: InspectedMessage): string {
  const body = message.message ? (message.message.kind === 'saml-request' || message.message.kind === 'saml-response' ? prettyXml(message.message.text) : message.message.text) : '';
  return body ? `${heading(message)}\n${body.replace(/^/gm, '    ')}` : heading(message);
}

/** The whole trace, oldest first, a blank line between messages. */
export function formatInspectorTrace(messages: readonly InspectedMessage[]): string {
  if (messages.length === 0) return '(no messages)\n';
  return messages.map(formatMessage).join('\n\n') + '\n';
}
