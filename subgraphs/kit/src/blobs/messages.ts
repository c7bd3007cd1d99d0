import { defineCatalogue } from '../messages.js';

/** What people read when a file is refused or a link no longer works. */
export const blobMessages = defineCatalogue({
  tooLarge: 'Le fichier dépasse la taille maximale de {max}.',
  typeRefused: 'Ce type de fichier n’est pas accepté ({accepted}).',
  empty: 'Le fichier est vide.',
  invalidKey: 'Identifiant de fichier invalide.',
  linkExpired: 'Ce lien de téléchargement a expiré. Revenez à la page d’origine pour en obtenir un nouveau.',
  linkInvalid: 'Ce lien de téléchargement n’est pas valide.',
  fileNotFound: 'Fichier introuvable.',
  fileNameInvalid: 'Le nom du fichier est mal encodé.',
});

const sizeFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** « 10 Mo », « 2,5 Mo », « 500 Ko »: binary units, as file managers show them. */
export function frenchSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${sizeFormat.format(bytes / (1024 * 1024))} Mo`;
  if (bytes >= 1024) return `${sizeFormat.format(bytes / 1024)} Ko`;
  return `${bytes} octets`;
}
