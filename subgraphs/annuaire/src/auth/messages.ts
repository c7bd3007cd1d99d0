import { defineCatalogue, format } from '@ent/kit';

/** What people read when signing in. Codes and logs stay English. */
export const authMessages = defineCatalogue({
  // Same text for a wrong password, an unknown login and a deactivated account: no account enumeration.
  invalidCredentials: 'Identifiant ou mot de passe incorrect.',
  loginThrottled: 'Trop de tentatives de connexion. Réessayez dans {delay}.',
  mfaCodeInvalid: 'Code de vérification incorrect.',
  mfaThrottled: 'Trop de codes de vérification incorrects. Réessayez dans {delay}.',
  mfaTokenExhausted: 'Trop de codes de vérification incorrects. Veuillez vous reconnecter.',
  mfaTokenInvalid: 'Votre vérification en deux étapes a expiré. Veuillez vous reconnecter.',
  sessionExpired: 'Votre session a expiré, veuillez vous reconnecter.',
  refreshReuse:
    'Votre session a été fermée par sécurité : un ancien jeton de connexion a été réutilisé. Veuillez vous reconnecter.',
  fieldRequired: 'ce champ est obligatoire.',
  fieldTooLong: 'ce champ ne doit pas dépasser {max} caractères.',
  codeFormat: 'le code doit comporter 6 chiffres.',
  oneMinute: '1 minute',
  manyMinutes: '{count} minutes',
});

/** « 1 minute », « 12 minutes », rounding up so people never retry too early. */
export function delayLabel(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? authMessages.oneMinute : format(authMessages.manyMinutes, { count: minutes });
}
