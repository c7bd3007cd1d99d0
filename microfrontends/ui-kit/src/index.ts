// The public surface of @ent/ui-kit: one copy in the page, shared by the shell and every micro-frontend
// through the import map (`@ent/ui-kit` → /ui-kit/ui-kit.js). Its stylesheet is /ui-kit/ui-kit.css.
import './styles/kit.css';
import './i18n/kitMessages.js';

export {
  ApiError,
  type ApiErrorCode,
  apiErrorFromGraphQLErrors,
  apiErrorFromResponse,
  type GraphQLErrorBody,
  isApiError,
} from './api/ApiError.js';
export {
  createGraphqlClient,
  type GraphqlClient,
  type GraphqlOptions,
  type GraphqlResult,
  graphql,
  graphqlResult,
  type Variables,
} from './api/graphql.js';
export {
  type MutationState,
  type QueryOptions,
  type QueryState,
  type SessionView,
  useMutation,
  useQuery,
  useSession,
} from './api/hooks.js';
export { type UploadOptions, uploadFile } from './api/uploadFile.js';
export {
  createSessionManager,
  type LoginResult,
  type MfaEnrolment,
  type Session,
  type SessionEndReason,
  type SessionManager,
  type SessionStatus,
  type SessionUser,
  session,
} from './api/session.js';
export { Button, type ButtonProps, type ButtonVariant } from './components/Button.js';
export { Dialog, type DialogProps } from './components/Dialog.js';
export {
  Checkbox,
  type CheckboxProps,
  FieldError,
  Select,
  type SelectOption,
  type SelectProps,
  TextField,
  type TextFieldProps,
} from './components/fields.js';
export { Form, type FormError, type FormProps } from './components/Form.js';
export { Card, Cluster, Page, Section, type SectionProps, Stack, VisuallyHidden } from './components/Layout.js';
export { PageHeading, type PageHeadingProps } from './components/PageHeading.js';
export {
  EmptyState,
  type EmptyStateProps,
  ErrorState,
  type ErrorStateProps,
  Loading,
  type LoadingProps,
} from './components/states.js';
export { Table, type TableColumn, type TableProps } from './components/Table.js';
export { isPictogramName, Pictogram, PICTOGRAM_NAMES, type PictogramName, pictogramOf } from './components/Pictogram.js';
export {
  TILE_ACCENTS,
  Tile,
  type TileAccent,
  type TileCount,
  TileGrid,
  type TileGridProps,
  type TileProps,
  type TileVariant,
} from './components/Tile.js';
export {
  dismissToast,
  showToast,
  type Toast,
  type ToastApi,
  type ToastOptions,
  ToastProvider,
  type ToastTone,
  useToast,
} from './components/Toast.js';
export { cx } from './components/cx.js';
export {
  type Catalogue,
  getLocale,
  hasMessage,
  interpolate,
  type Message,
  type MessageParams,
  type PluralMessage,
  registerCatalogue,
  setLocale,
  t,
} from './i18n/i18n.js';
export { kitMessages } from './i18n/kitMessages.js';
export {
  createMicroFrontend,
  type LifeCycleFn,
  type MicroFrontendLifecycles,
  type MicroFrontendOptions,
  type MicroFrontendProps,
} from './microfrontend/createMicroFrontend.js';
export { isPlainClick, Link, type LinkProps, navigate, type PortalLocation, useLocation } from './navigation/navigation.js';
export {
  applyPreferences,
  DEFAULT_PREFERENCES,
  getPreferences,
  PREFERENCE_CLASSES,
  PREFERENCE_KEYS,
  type Preferences,
  PREFERENCES_FIELDS,
  type PreferencesView,
  readCachedPreferences,
  savePreferences,
  usePreferences,
} from './preferences/preferences.js';
export { canSpeak, frenchVoice, speak } from './speech/speak.js';
export {
  type ChildClass,
  CYCLES,
  type Cycle,
  type EstablishmentRef,
  establishmentsOf,
  getCurrentEstablishmentId,
  getViewer,
  isModuleEnabled,
  type ModuleActivation,
  onViewerChange,
  PROFILES,
  type Profile,
  type ProfileGrant,
  setCurrentEstablishment,
  setViewer,
  useCurrentEstablishment,
  useCurrentEstablishmentId,
  useViewer,
  type Viewer,
  type ViewerChild,
  type ViewerClass,
  type ViewerEstablishment,
  type ViewerTeaching,
} from './viewer/viewer.js';
