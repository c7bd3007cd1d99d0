import type { Logger } from '../logger.js';

/**
 * Exit code of a service that cannot start because of its configuration or environment (a data
 * directory held by another process, say): restarting it would not help, so supervisors give up at once.
 */
export const EXIT_CONFIG = 78;

/**
 * Runs the closers in order on SIGINT/SIGTERM (stop listening first, close the database last), then
 * exits. Further signals while stopping are ignored: under `npm start` a Ctrl-C reaches both the
 * supervisor and its children, and the supervisor's SIGTERM follows — exiting then would skip closing
 * the embedded database. Whoever must not wait escalates with SIGKILL.
 */
export function shutdownOnSignals(logger: Logger, closers: Array<() => Promise<void>>): void {
  let stopping = false;
  const handler = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    let code = 0;
    for (const close of closers) {
      try {
        await close();
      } catch (error) {
        code = 1;
        logger.error({ err: error }, 'error during shutdown');
      }
    }
    logger.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/**
 * A stray promise rejection must not take a whole service down (Node exits on one by default):
 * graphql-js 16 can leave one behind when an error nulls out a list while sibling items are pending.
 * Log it loudly and keep serving.
 */
export function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (kept running)');
  });
}
