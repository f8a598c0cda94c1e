export const OFFENCES = [
  'illegal-online-gambling',
  'illegal-gambling',
  'human-trafficking',
  'sexual-exploitation',
  'prostitution',
  'money-laundering',
  'illegal-employment',
  'immigration-violation',
  'cybercrime',
  'fraud',
  'drug-trafficking',
  'other',
] as const;

export type Offence = (typeof OFFENCES)[number];

/** Offences the national trafficking statistics count ("human trafficking and sexual exploitation"). */
export const TRAFFICKING_OFFENCES: readonly Offence[] = ['human-trafficking', 'sexual-exploitation'];

export const isOffence = (value: unknown): value is Offence => OFFENCES.includes(value as Offence);
export const isTraffickingOffence = (offence: Offence): boolean => TRAFFICKING_OFFENCES.includes(offence);
