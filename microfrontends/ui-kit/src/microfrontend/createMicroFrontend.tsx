import { Component, type ComponentType, type ErrorInfo, lazy, type ReactNode, StrictMode, Suspense } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Button } from '../components/Button.js';
import { ErrorState, Loading } from '../components/states.js';
import { t } from '../i18n/i18n.js';

/** What single-spa gives a micro-frontend's lifecycles (plus the shell's custom props). */
export interface MicroFrontendProps {
  name: string;
  /** Where to render; the shell gives one inside the page's <main>. */
  domElement?: HTMLElement;
  /** The module's route (`/admin`), for its own links. */
  basePath?: string;
  [prop: string]: unknown;
}

export type LifeCycleFn = (props: MicroFrontendProps) => Promise<void>;

export interface MicroFrontendLifecycles {
  bootstrap: LifeCycleFn;
  mount: LifeCycleFn;
  unmount: LifeCycleFn;
}

export interface MicroFrontendOptions {
  /** The application's name as registered (the module id). */
  name: string;
  /** The root component, loaded when first mounted: `() => import('./Root.js')`. */
  loadRoot: () => Promise<{ default: ComponentType<MicroFrontendProps> }>;
}

interface BoundaryState {
  error: Error | null;
}

/** Catches what the module throws while rendering: the rest of the portal stays usable. */
class MicroFrontendBoundary extends Component<{ name: string; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`micro-frontend ${this.props.name} failed`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="ent-page">
        <ErrorState error={t('kit.states.moduleCrashed')} />
        <Button variant="secondary" onClick={() => window.location.reload()}>
          {t('kit.states.reload')}
        </Button>
      </div>
    );
  }
}

function containerFor(name: string, props: MicroFrontendProps): HTMLElement {
  if (props.domElement) return props.domElement;
  const id = `single-spa-application:${name}`;
  let element = document.getElementById(id);
  if (!element) {
    element = document.createElement('div');
    element.id = id;
    (document.getElementById('contenu') ?? document.body).appendChild(element);
  }
  return element;
}

/**
 * The single-spa lifecycles of a micro-frontend: mounts the lazily loaded root component in its own
 * React root (sharing the page's one React through the import map), inside an error boundary and
 * Suspense; unmounts it when single-spa leaves the route.
 *
 * ```ts
 * export const { bootstrap, mount, unmount } = createMicroFrontend({ name: 'admin', loadRoot: () => import('./Root.js') });
 * ```
 */
export function createMicroFrontend(options: MicroFrontendOptions): MicroFrontendLifecycles {
  const RootComponent = lazy(options.loadRoot);
  let root: Root | null = null;

  return {
    async bootstrap() {},
    async mount(props) {
      const container = containerFor(options.name, props);
      root = createRoot(container, {
        onUncaughtError: (error) => console.error(`micro-frontend ${options.name}:`, error),
      });
      root.render(
        <StrictMode>
          <MicroFrontendBoundary name={options.name}>
            <Suspense fallback={<Loading />}>
              <RootComponent {...props} />
            </Suspense>
          </MicroFrontendBoundary>
        </StrictMode>,
      );
    },
    async unmount() {
      root?.unmount();
      root = null;
    },
  };
}
