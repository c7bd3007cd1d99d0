const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * Children log JSON (pino) for machines; on a developer's terminal the supervisor shows one short line
 * per entry, prefixed with the service name. Lines that are not JSON pass through unchanged.
 */
export function formatLogLine(service: string, line: string): string {
  const prefix = `[${service}]`.padEnd(20);
  if (!line.startsWith('{')) return `${prefix} ${line}`;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const level = LEVELS[Number(entry['level'])] ?? String(entry['level'] ?? '');
    const time = typeof entry['time'] === 'string' ? entry['time'].slice(11, 19) : '';
    const { msg, level: _l, time: _t, pid: _p, hostname: _h, service: _s, name: _n, ...rest } = entry;
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${prefix} ${time} ${level.padEnd(5)} ${String(msg ?? '')}${extra}`;
  } catch {
    return `${prefix} ${line}`;
  }
}
