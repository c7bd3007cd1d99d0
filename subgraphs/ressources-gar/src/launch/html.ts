export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A page that posts a form to another site (SAML POST binding, LTI form_post). The router's Content
 * Security Policy forbids inline scripts, so the person presses the button: it works without JavaScript
 * and with the keyboard.
 */
export function autoPostPage(options: { title: string; explanation: string; action: string; fields: Record<string, string>; button: string }): string {
  const inputs = Object.entries(options.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(options.title)}</title></head><body><main><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.explanation)}</p><form method="post" action="${escapeHtml(options.action)}">${inputs}<button type="submit" autofocus>${escapeHtml(options.button)}</button></form></main></body></html>`;
}

export function messagePage(title: string, message: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p><p><a href="/ressources-gar">Retour aux ressources</a></p></main></body></html>`;
}
