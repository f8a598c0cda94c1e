import type { ProvinceCode } from './provinces.js';

/** International border checkpoints and airports through which the GDI deports. */
export interface Checkpoint {
  readonly id: string;
  readonly name: string;
  readonly kind: 'airport' | 'land-border' | 'river-border';
  readonly provinceCode: ProvinceCode;
  /** For a border crossing: the neighbouring country (ISO 3166-1 alpha-3). */
  readonly borderWith?: string;
}

export const CHECKPOINTS: readonly Checkpoint[] = Object.freeze([
  { id: 'pnh-airport', name: 'Phnom Penh International Airport', kind: 'airport', provinceCode: 'KH-12' },
  {
    id: 'sihanoukville-airport',
    name: 'Sihanouk International Airport',
    kind: 'airport',
    provinceCode: 'KH-18',
  },
  {
    id: 'siem-reap-angkor-airport',
    name: 'Siem Reap–Angkor International Airport',
    kind: 'airport',
    provinceCode: 'KH-17',
  },
  {
    id: 'prek-chak',
    name: 'Prek Chak International Checkpoint',
    kind: 'land-border',
    provinceCode: 'KH-7',
    borderWith: 'VNM',
  },
  {
    id: 'bavet',
    name: 'Bavet International Checkpoint',
    kind: 'land-border',
    provinceCode: 'KH-20',
    borderWith: 'VNM',
  },
  {
    id: 'kaam-samnor',
    name: 'Kaam Samnor International Checkpoint',
    kind: 'river-border',
    provinceCode: 'KH-8',
    borderWith: 'VNM',
  },
  {
    id: 'poipet',
    name: 'Poipet International Checkpoint',
    kind: 'land-border',
    provinceCode: 'KH-1',
    borderWith: 'THA',
  },
  {
    id: 'cham-yeam',
    name: 'Cham Yeam International Checkpoint',
    kind: 'land-border',
    provinceCode: 'KH-9',
    borderWith: 'THA',
  },
  {
    id: 'o-smach',
    name: "O'Smach International Checkpoint",
    kind: 'land-border',
    provinceCode: 'KH-22',
    borderWith: 'THA',
  },
  {
    id: 'trapeang-kriel',
    name: 'Trapeang Kriel International Checkpoint',
    kind: 'land-border',
    provinceCode: 'KH-19',
    borderWith: 'LAO',
  },
] satisfies Checkpoint[]);

const BY_ID: ReadonlyMap<string, Checkpoint> = new Map(CHECKPOINTS.map((c) => [c.id, c]));

export const findCheckpoint = (id: string): Checkpoint | undefined => BY_ID.get(id);
