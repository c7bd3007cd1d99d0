import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { EXIT_CONFIG } from '@ent/kit';
import { formatLogLine } from './logFormat.js';
import type { ServiceSpec } from './services.js';

export interface SupervisorOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** A service that exits this many times within a minute is given up on, and everything stops. */
  maxRestartsPerMinute?: number;
  out?: (line: string) => void;
}

interface Running {
  spec: ServiceSpec;
  child: ChildProcess;
  exits: number[];
  stopping: boolean;
}

/** Runs each service as its own process, restarts it when it dies, and stops them all cleanly. */
export class Supervisor {
  readonly #running = new Map<string, Running>();
  #stopping = false;
  #onFatal: ((reason: string) => void) | undefined;

  constructor(private readonly options: SupervisorOptions) {}

  onFatal(handler: (reason: string) => void): void {
    this.#onFatal = handler;
  }

  start(spec: ServiceSpec): void {
    const previous = this.#running.get(spec.name);
    const child = spawn(process.execPath, ['--enable-source-maps', spec.entry], {
      cwd: this.options.root,
      env: { ...this.options.env, PORT: String(spec.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running: Running = { spec, child, exits: previous?.exits ?? [], stopping: false };
    this.#running.set(spec.name, running);
    const out = this.options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => out(formatLogLine(spec.name, line)));
    }
    child.on('exit', (code, signal) => {
      if (running.stopping || this.#stopping) return;
      if (code === EXIT_CONFIG) {
        this.#onFatal?.(`le service ${spec.name} ne peut pas démarrer dans cet environnement (voir son message ci-dessus)`);
        return;
      }
      const now = Date.now();
      running.exits = [...running.exits.filter((at) => now - at < 60_000), now];
      if (running.exits.length > (this.options.maxRestartsPerMinute ?? 3)) {
        this.#onFatal?.(`le service ${spec.name} s'est arrêté ${running.exits.length} fois en une minute (code ${code ?? signal})`);
        return;
      }
      out(formatLogLine('supervisor', `${spec.name} exited (${code ?? signal}); restarting`));
      setTimeout(() => {
        if (!this.#stopping) this.start(spec);
      }, 500 * running.exits.length);
    });
  }

  /** Polls the service's readiness URL; rejects when it exits for good or the time runs out. */
  async waitReady(spec: ServiceSpec, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#stopping) throw new Error('stopping');
      try {
        const response = await fetch(spec.readyUrl, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${spec.name} not ready after ${timeoutMs / 1000} s (${spec.readyUrl})`);
  }

  /** SIGTERM to everyone (routers first, as listed), then SIGKILL whatever is left after the grace period. */
  async stopAll(order: string[], graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    const names = [...order.filter((name) => this.#running.has(name)), ...[...this.#running.keys()].filter((n) => !order.includes(n))];
    for (const name of names) {
      const running = this.#running.get(name);
      if (!running || running.child.exitCode !== null || running.child.signalCode !== null) continue;
      running.stopping = true;
      const exited = new Promise<void>((resolve) => running.child.once('exit', () => resolve()));
      running.child.kill('SIGTERM');
      const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  }
}
