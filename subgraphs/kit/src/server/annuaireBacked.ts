import { createTokenVerifier, type TokenVerifier } from '../auth/tokenVerifier.js';
import { type Clock, systemClock } from '../clock.js';
import type { Logger } from '../logger.js';
import { createModuleGate, type ModuleGate } from '../modules.js';

export interface AnnuaireBackedOptions {
  /** The module whose activation per establishment the gate checks. */
  moduleId: string;
  /** The annuaire's base URL (JWKS, module activations, GraphQL). */
  annuaireUrl: string;
  // `| undefined`: a subgraph passes its own options through as they are (`{ ...options, moduleId }`).
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  fetcher?: typeof fetch | undefined;
  /** Given by tests; built from the annuaire otherwise. */
  gate?: ModuleGate | undefined;
  verifier?: TokenVerifier | undefined;
}

export interface AnnuaireBacked {
  /** Without a trailing slash. */
  annuaireUrl: string;
  /** The module's activations, cached 30 s. */
  gate: ModuleGate;
  /** Access tokens checked against the annuaire's JWKS. */
  verifier: TokenVerifier;
}

/** What every module subgraph takes from the annuaire before it can answer anyone: token keys and the module's waves. */
export function annuaireBacked(options: AnnuaireBackedOptions): AnnuaireBacked {
  const annuaireUrl = options.annuaireUrl.replace(/\/$/, '');
  const gate =
    options.gate ??
    createModuleGate({
      moduleId: options.moduleId,
      activationsUrl: `${annuaireUrl}/modules/activations`,
      clock: options.clock ?? systemClock,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.fetcher ? { fetcher: options.fetcher } : {}),
    });
  const verifier = options.verifier ?? createTokenVerifier({ jwksUrl: `${annuaireUrl}/.well-known/jwks.json` });
  return { annuaireUrl, gate, verifier };
}
