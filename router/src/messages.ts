import { defineCatalogue } from '@ent/kit';

/** What the router itself says to people; GraphQL and auth messages come from the kit's catalogue. */
export const routerMessages = defineCatalogue({
  annuaireUnavailable: 'Le service d’authentification est momentanément indisponible. Réessayez dans quelques instants.',
  annuaireTimeout: 'Le service d’authentification n’a pas répondu à temps. Réessayez dans quelques instants.',
  notFound: 'Ressource introuvable.',
  notReady: 'Le portail démarre ou s’arrête ; réessayez dans quelques instants.',
  portalNotBuiltTitle: 'Portail ENT — interface non construite',
  portalNotBuiltHeading: 'Le portail n’est pas encore construit',
  portalNotBuiltBody:
    'Le routeur fonctionne, mais l’interface du portail (le « shell ») n’a pas encore été construite ou n’est pas configurée (variable ENT_STATIC_DIR).',
  portalNotBuiltApi:
    'L’API GraphQL répond sur {endpoint} (requêtes POST en JSON) ; l’authentification est sur /auth/.',
  registryForbidden: 'Seul l’administrateur départemental peut inscrire ou retirer un module.',
  registryMissingFields: 'Indiquez le nom du sous-graphe, son adresse (url) et l’identifiant du module (moduleId).',
  registryBundleUrl: 'L’adresse du micro-frontend (bundleUrl) doit être une URL http(s).',
  registryBundleOutside: 'Le dossier du micro-frontend doit se trouver dans un dossier autorisé (ENT_VENDOR_BUNDLE_ROOTS).',
});
