import type { ProvinceCode } from '../reference-data/provinces.js';
import { assertNever } from '../shared/decider.js';
import type { AgencyRegisterEvent } from './agency-register.events.js';
import type { AgencyRegisterState } from './agency-register.state.js';

export function evolveAgencyRegister(
  state: AgencyRegisterState,
  event: AgencyRegisterEvent,
): AgencyRegisterState {
  switch (event.type) {
    case 'AgencyRegistered': {
      const d = event.data;
      const added = new Map(state.added);
      added.set(d.agencyId, {
        id: d.agencyId,
        kind: d.kind,
        name: d.name,
        ...(d.provinceCode === undefined ? {} : { provinceCode: d.provinceCode as ProvinceCode }),
        ...(d.countryCode === undefined ? {} : { countryCode: d.countryCode }),
      });
      return { ...state, added };
    }
    case 'AgencyRenamed': {
      const names = new Map(state.names);
      names.set(event.data.agencyId, event.data.name);
      return { ...state, names };
    }
    case 'AgencyRetired':
      return { ...state, retired: new Set([...state.retired, event.data.agencyId]) };
    default:
      return assertNever(event, 'agency register event');
  }
}
