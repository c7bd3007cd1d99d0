import { createRichTextSanitizer, escapeHtml, isHostileHtml } from '@ent/kit';
import { messages } from '../messages.js';

/** A message's rich text: formatting, lists, quotes, links (http, https, mailto). No images, tables, styles or scripts. */
const sanitize = createRichTextSanitizer({
  unsafeMessage: messages.unsafeHtml,
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a', 'hr', 'h3', 'h4'],
});

/** Plain text typed in a textarea becomes paragraphs; HTML from a rich editor is kept (sanitised). */
export function bodyHtml(field: string, body: string): string {
  // Refused before plain text is escaped: a script typed as text is still an attempt.
  if (isHostileHtml(body)) return sanitize(field, body);
  const looksLikeHtml = /<\/?[a-z][^>]*>/i.test(body);
  const html = looksLikeHtml
    ? body
    : body
        .split(/\n{2,}/)
        .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
        .join('');
  return sanitize(field, html);
}

export { textOfHtml as textOf } from '@ent/kit';
