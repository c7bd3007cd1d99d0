import { createRichTextSanitizer } from '@ent/kit';
import { messages } from '../messages.js';

/** Sanitised HTML for `field` (the kit's rich-text policy); refuses input that carries scripts (BAD_USER_INPUT, nothing written). */
export const sanitizeRichText = createRichTextSanitizer({ unsafeMessage: messages.unsafeHtml });
