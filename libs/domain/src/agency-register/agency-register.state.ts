import { AGENCIES, type Agency } from '../reference-data/agencies.js';
import { agencyDirectory, type AgencyDirectory } from '../reference-data/agency-directory.js';

/** The changes to the shipped catalogue, in the order they were made. */
export interface AgencyRegisterState {
  readonly added: ReadonlyMap<string, Agency>;
  readonly names: ReadonlyMap<string, string>;
  readonly retired: ReadonlySet<string>;
}

export const initialAgencyRegisterState: AgencyRegisterState = {
  added: new Map(),
  names: new Map(),
  retired: new Set(),
};

/** The catalogue with the register's changes applied. */
export function directoryOf(state: AgencyRegisterState): AgencyDirectory {
  const agencies = [...AGENCIES, ...state.added.values()].map((agency) => {
    const name = state.names.get(agency.id);
    return name === undefined ? agency : { ...agency, name };
  });
  return agencyDirectory(agencies, state.retired);
}
