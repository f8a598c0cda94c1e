import { PROVINCES, type ProvinceCode } from './provinces.js';

export const AGENCY_KINDS = [
  'national-police',
  'provincial-police',
  'military-police',
  'immigration',
  'anti-gambling',
  'anti-trafficking',
  'central-security',
  'court',
  'prosecutor',
  'counter-trafficking-committee',
  'gambling-commission',
  'foreign-mission',
  'provincial-administration',
] as const;

export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const isAgencyKind = (value: unknown): value is AgencyKind =>
  AGENCY_KINDS.includes(value as AgencyKind);

/** Agency ids travel in tokens, URLs and every event: a lowercase slug, like the catalogue's. */
export const AGENCY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;

export interface Agency {
  /** Stable slug; events refer to agencies by it. */
  readonly id: string;
  readonly kind: AgencyKind;
  readonly name: string;
  readonly provinceCode?: ProvinceCode;
  /** For a foreign mission: the country it represents (ISO 3166-1 alpha-3). */
  readonly countryCode?: string;
}

const NATIONAL: readonly Agency[] = [
  { id: 'national-police', kind: 'national-police', name: 'General Commissariat of National Police' },
  { id: 'military-police', kind: 'military-police', name: 'National Military Police' },
  { id: 'gdi', kind: 'immigration', name: 'General Department of Immigration' },
  {
    id: 'dacg',
    kind: 'anti-gambling',
    name: 'Department of Anti-Commercial Gambling, Ministry of Interior',
  },
  {
    id: 'ahtjp',
    kind: 'anti-trafficking',
    name: 'Department of Anti-Human Trafficking and Juvenile Protection',
  },
  { id: 'csd', kind: 'central-security', name: 'Central Security Department, National Police' },
  { id: 'ncct', kind: 'counter-trafficking-committee', name: 'National Committee for Counter Trafficking' },
  { id: 'cgmc', kind: 'gambling-commission', name: 'Commercial Gambling Management Commission of Cambodia' },
];

function provincialAgencies(code: ProvinceCode, province: string): Agency[] {
  const slug = code.toLowerCase();
  // Phnom Penh is a municipality: its police, court and administration are "municipal".
  const level = code === 'KH-12' ? 'Municipal' : 'Provincial';
  return [
    {
      id: `police-${slug}`,
      kind: 'provincial-police',
      name: `${province} ${level} Police`,
      provinceCode: code,
    },
    {
      id: `ahtjp-${slug}`,
      kind: 'anti-trafficking',
      name: `${province} ${level} Police, Anti-Human Trafficking and Juvenile Protection Bureau`,
      provinceCode: code,
    },
    {
      id: `military-police-${slug}`,
      kind: 'military-police',
      name: `${province} ${level} Military Police`,
      provinceCode: code,
    },
    {
      id: `court-${slug}`,
      kind: 'court',
      name: `${province} ${level} Court of First Instance`,
      provinceCode: code,
    },
    {
      id: `prosecutor-${slug}`,
      kind: 'prosecutor',
      name: `Prosecutor of the ${province} ${level} Court of First Instance`,
      provinceCode: code,
    },
    {
      id: `admin-${slug}`,
      kind: 'provincial-administration',
      name: code === 'KH-12' ? 'Phnom Penh Capital Administration' : `${province} Provincial Administration`,
      provinceCode: code,
    },
  ];
}

/** Embassies (and one representative office) in Phnom Penh that send rescue requests. */
const MISSIONS: readonly (readonly [country: string, name: string])[] = [
  ['CHN', "Embassy of the People's Republic of China"],
  ['VNM', 'Embassy of the Socialist Republic of Viet Nam'],
  ['MYS', 'Embassy of Malaysia'],
  ['IDN', 'Embassy of the Republic of Indonesia'],
  ['IND', 'Embassy of India'],
  ['THA', 'Royal Thai Embassy'],
  ['BGD', "Embassy of the People's Republic of Bangladesh"],
  ['TWN', 'Taipei Economic and Cultural Office'],
  ['KOR', 'Embassy of the Republic of Korea'],
  ['PHL', 'Embassy of the Republic of the Philippines'],
  ['MMR', 'Embassy of the Republic of the Union of Myanmar'],
  ['LAO', "Embassy of the Lao People's Democratic Republic"],
  ['JPN', 'Embassy of Japan'],
  ['SGP', 'Embassy of the Republic of Singapore'],
  ['BRN', 'Embassy of Brunei Darussalam'],
  ['USA', 'Embassy of the United States of America'],
  ['AUS', 'Australian Embassy'],
  ['GBR', 'British Embassy'],
  ['FRA', 'Embassy of France'],
  ['DEU', 'Embassy of the Federal Republic of Germany'],
  ['RUS', 'Embassy of the Russian Federation'],
];

export const AGENCIES: readonly Agency[] = Object.freeze([
  ...NATIONAL,
  ...PROVINCES.flatMap((p) => provincialAgencies(p.code, p.name)),
  ...MISSIONS.map(([country, name]): Agency => ({
    id: `mission-${country.toLowerCase()}`,
    kind: 'foreign-mission',
    name: `${name}, Phnom Penh`,
    provinceCode: 'KH-12',
    countryCode: country,
  })),
]);

const BY_ID: ReadonlyMap<string, Agency> = new Map(AGENCIES.map((a) => [a.id, a]));

export const findAgency = (id: string): Agency | undefined => BY_ID.get(id);

/** True when the agency exists and is of one of the kinds. */
export const isAgencyOfKind = (id: string, ...kinds: readonly AgencyKind[]): boolean => {
  const agency = BY_ID.get(id);
  return agency !== undefined && kinds.includes(agency.kind);
};
