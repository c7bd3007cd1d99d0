/**
 * Message catalogues: people read French, code refers to message keys.
 * Each subgraph defines its own catalogue with `defineCatalogue` and formats with `format`.
 */
export type Catalogue = Readonly<Record<string, string>>;

export function defineCatalogue<const C extends Catalogue>(messages: C): C {
  return messages;
}

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function format(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(params, key) ? String(params[key]) : whole,
  );
}

export const kitMessages = defineCatalogue({
  unauthenticated: 'Vous devez être connecté pour accéder à cette ressource.',
  invalidToken: 'Votre session n’est plus valide. Veuillez vous reconnecter.',
  expiredToken: 'Votre session a expiré. Veuillez vous reconnecter.',
  forbidden: 'Vous n’avez pas le droit d’accéder à cette ressource.',
  notFound: '{what} introuvable.',
  badUserInput: 'Valeur invalide pour « {field} » : {reason}',
  moduleDisabled: 'Le module « {module} » n’est pas activé dans cet établissement.',
  rateLimited: 'Trop de requêtes. Réessayez dans {seconds} secondes.',
  conflict: 'Conflit : {reason}',
  internal: 'Une erreur interne est survenue. Réessayez plus tard.',
  malformedJson: 'Le corps de la requête n’est pas un JSON valide.',
  payloadTooLarge: 'La requête est trop volumineuse (limite : {limit}).',
  unsupportedMediaType: 'Le type de contenu de la requête doit être application/json.',
  csrf: 'Requête refusée : en-tête de protection CSRF manquant ou origine non autorisée.',
  graphqlUnknownField: 'Le champ « {field} » n’existe pas sur le type « {type} ».',
  graphqlUnknownType: 'Le type « {type} » n’existe pas.',
  graphqlUnknownArgument: 'L’argument « {argument} » n’existe pas sur le champ « {field} ».',
  graphqlVariableInvalid: 'La variable « {variable} » a une valeur invalide : {detail}',
  graphqlVariableMissing: 'La variable « {variable} » est obligatoire et n’a pas été fournie.',
  graphqlSyntax: 'Requête GraphQL mal formée : {detail}',
  graphqlDepth: 'La requête est trop profonde (profondeur {depth}, maximum {max}).',
  graphqlCost: 'La requête est trop coûteuse (coût {cost}, maximum {max}).',
  graphqlAliases: 'La requête utilise trop d’alias (maximum {max}).',
  graphqlDirectives: 'La requête utilise trop de directives (maximum {max}).',
  graphqlTokens: 'La requête est trop longue (plus de {max} éléments).',
  graphqlIntrospection: 'L’introspection du schéma est désactivée sur ce serveur.',
  graphqlInvalid: 'Requête GraphQL invalide : {detail}',
  graphqlMissingQuery: 'La requête ne contient pas de document GraphQL.',
});
