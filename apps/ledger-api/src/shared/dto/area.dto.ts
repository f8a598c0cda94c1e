import { ProvinceField, TextField } from './fields.js';

/** Where something is, down to the village: operation targets and raid locations share it. */
export class AreaDto {
  @ProvinceField()
  provinceCode!: string;

  @TextField('Sihanoukville', 'District or city', false)
  district?: string;

  @TextField('Commune I', 'Commune or sangkat', false)
  commune?: string;

  @TextField('Village 3', 'Village', false)
  village?: string;
}
