import sanitizeHtml from 'sanitize-html';
import { badUserInput } from '@ent/kit';
import { messages } from '../messages.js';

/**
 * What a an assignment’s instructions may contain: text formatting, lists, headings, tables, quotes, code and
 * links (http, https, mailto only; opened in a new tab without opener). No images (attachments go through
 * the blob store), no styles, classes, forms, frames or scripts.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'mark', 'span',
    'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'code', 'pre', 'a', 'hr',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }) },
};
// target and rel are added by the transform, after the attribute filter.
OPTIONS.allowedAttributes = { ...OPTIONS.allowedAttributes, a: ['href', 'title', 'target', 'rel'] };

/** Elements whose presence means someone tried to inject code: refused rather than silently cleaned. */
const HOSTILE = /<\s*(script|style|iframe|object|embed|form|svg|math)\b|\son\w+\s*=|javascript:/i;

/** Sanitised HTML for `field`; refuses input that carries scripts (BAD_USER_INPUT, nothing written). */
export function sanitizeRichText(field: string, html: string): string {
  if (HOSTILE.test(html)) throw badUserInput(field, messages.unsafeHtml);
  return sanitizeHtml(html, OPTIONS);
}
