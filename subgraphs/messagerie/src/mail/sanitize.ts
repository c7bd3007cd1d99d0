import { badUserInput } from '@ent/kit';
import sanitizeHtml from 'sanitize-html';
import { messages } from '../messages.js';

/** A message's rich text: formatting, lists, quotes, links (http, https, mailto). No images, styles or scripts. */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a', 'hr', 'h3', 'h4'],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }) },
};

/** Elements whose presence means someone tried to inject code: refused rather than silently cleaned. */
const HOSTILE = /<\s*(script|style|iframe|object|embed|form|svg|math)\b|\son\w+\s*=|javascript:/i;

/** Plain text typed in a textarea becomes paragraphs; HTML from a rich editor is kept (sanitised). */
export function bodyHtml(field: string, body: string): string {
  if (HOSTILE.test(body)) throw badUserInput(field, messages.unsafeHtml);
  const looksLikeHtml = /<\/?[a-z][^>]*>/i.test(body);
  const html = looksLikeHtml
    ? body
    : body
        .split(/\n{2,}/)
        .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
        .join('');
  return sanitizeHtml(html, OPTIONS);
}

/** The text of sanitised HTML, for search and previews. */
export function textOf(html: string): string {
  return sanitizeHtml(html.replace(/<(br|\/p|\/li|\/h[34]|\/blockquote)>/gi, '$&\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
