import { AGENCIES, type Agency } from './agencies.js';

/**
 * The agencies as the ledger knows them now: the catalogue this release ships, plus what admins
 * registered, renamed or retired since (the agency register, stream `reference-agencies`).
 */
export interface AgencyDirectory {
  find(id: string): Agency | undefined;
  /** Retired agencies stay known (old records name them) but are named in nothing new. */
  isRetired(id: string): boolean;
  all(): readonly (Agency & { retired: boolean })[];
}

/** A directory over a fixed list. */
export function agencyDirectory(
  agencies: readonly Agency[],
  retired: ReadonlySet<string> = new Set(),
): AgencyDirectory {
  const byId = new Map(agencies.map((a) => [a.id, a]));
  return {
    find: (id) => byId.get(id),
    isRetired: (id) => retired.has(id),
    all: () => agencies.map((a) => ({ ...a, retired: retired.has(a.id) })),
  };
}

/** The catalogue alone: what deciders use when they are given no directory. */
export const CATALOGUE: AgencyDirectory = agencyDirectory(AGENCIES);
