/**
 * A small typed reader for environment settings. Every failure names the setting and
 * what it should be, so that start-up stops with one clear line.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Configuration error: ${setting} ${problem}`);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

const present = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

export function readString(env: Env, name: string, fallback?: string): string {
  const raw = present(env, name) ?? fallback;
  if (raw === undefined) throw new ConfigError(name, 'is required but not set');
  return raw;
}

export function readOptionalString(env: Env, name: string): string | undefined {
  return present(env, name);
}

export function readInt(
  env: Env,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < range.min || value > range.max) {
    throw new ConfigError(name, `must be a whole number from ${range.min} to ${range.max} (got "${raw}")`);
  }
  return value;
}

export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = present(env, name) ?? fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

export function readUrl(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = present(env, name);
  if (raw === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol.replace(/:$/, '');
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.map((p) => `${p}://…`).join(' or ')})`);
  }
  if (!protocols.includes(protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}:// (got ${protocol}://)`);
  }
  return raw;
}
