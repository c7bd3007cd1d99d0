import sanitizeHtml from 'sanitize-html';
import { badUserInput } from '../errors.js';

/**
 * What people's rich text (a séance, instructions, a message) may contain by default: text formatting,
 * lists, headings, tables, quotes, code and links (http, https, mailto only; opened in a new tab without
 * opener). No images (attachments go through the blob store), no styles, classes, forms, frames or scripts.
 */
export const RICH_TEXT_TAGS: readonly string[] = [
  'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'mark', 'span',
  'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'code', 'pre', 'a', 'hr',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
];

/** Elements whose presence means someone tried to inject code: refused rather than silently cleaned. */
const HOSTILE = /<\s*(script|style|iframe|object|embed|form|svg|math)\b|\son\w+\s*=|javascript:/i;

export function isHostileHtml(html: string): boolean {
  return HOSTILE.test(html);
}

export interface RichTextPolicy {
  /** The French reason given when the input carries code (BAD_USER_INPUT on the field). */
  unsafeMessage: string;
  /** Tags kept (default RICH_TEXT_TAGS); a narrower list for messages, say. */
  allowedTags?: readonly string[];
}

/**
 * A sanitiser for one area's rich text: `(field, html) => safe html`. Input carrying scripts, styles,
 * frames, event handlers or `javascript:` is refused (BAD_USER_INPUT, so nothing is written); the rest is
 * cleaned to the allowed tags, links get target="_blank" rel="noopener noreferrer".
 */
export function createRichTextSanitizer(policy: RichTextPolicy): (field: string, html: string) => string {
  const tags = [...(policy.allowedTags ?? RICH_TEXT_TAGS)];
  const options: sanitizeHtml.IOptions = {
    allowedTags: tags,
    // target and rel are added by the transform, after the attribute filter: allowed here too.
    allowedAttributes: { a: ['href', 'title', 'target', 'rel'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }) },
  };
  return (field, html) => {
    if (isHostileHtml(html)) throw badUserInput(field, policy.unsafeMessage);
    return sanitizeHtml(html, options);
  };
}

/** The text of sanitised HTML, for search and previews. */
export function textOfHtml(html: string): string {
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
