import { type Catalogue, registerCatalogue } from './i18n.js';

/** The kit's own texts (namespace `kit`), French. */
export const kitMessages = {
  errors: {
    network: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
    generic: 'Une erreur est survenue. Réessayez dans un instant.',
    sessionExpired: 'Votre session a expiré, veuillez vous reconnecter.',
    sessionRevoked: 'Votre session a été fermée pour des raisons de sécurité. Veuillez vous reconnecter.',
    notSignedIn: 'Vous devez vous connecter pour accéder à ce service.',
    loggedOut: 'Vous êtes déconnecté.',
    loggedOutElsewhere: 'Vous avez été déconnecté depuis un autre onglet.',
    badResponse: 'La réponse du serveur est illisible. Réessayez dans un instant.',
    forbidden: 'Vous n’avez pas accès à cette information.',
    notFound: 'Cette information est introuvable.',
    moduleDisabled: 'Ce service n’est pas ouvert dans votre établissement.',
    rateLimited: 'Trop de tentatives. Patientez un moment avant de réessayer.',
  },
  form: {
    errorSummary: {
      one: 'Le formulaire contient une erreur :',
      other: 'Le formulaire contient {count} erreurs :',
    },
    errorPrefix: 'Erreur :',
    required: '(obligatoire)',
  },
  states: {
    loading: 'Chargement…',
    errorTitle: 'Une erreur est survenue',
    retry: 'Réessayer',
    moduleCrashed: 'Ce service a rencontré un problème et ne peut pas s’afficher.',
    reload: 'Recharger la page',
  },
  dialog: {
    close: 'Fermer',
  },
  toast: {
    close: 'Fermer le message',
  },
  tile: {
    readAloud: 'Écouter',
    readAloudLabel: 'Écouter : {label}',
    countLabel: '{label} : {count}',
  },
  table: {
    empty: 'Aucune ligne à afficher.',
  },
} satisfies Catalogue;

registerCatalogue('kit', kitMessages);
