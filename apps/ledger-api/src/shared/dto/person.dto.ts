import type { Sex } from '@ledger/domain';
import { BooleanField, CountField, IdField, NationalityField, OffenceField, SexField } from './fields.js';

/** A person as the ledger may know them: an id and non-identifying facts, never a name. */
export class PersonFactsDto {
  @IdField('p-2022-0917-001', 'Id of the person in the personal-data store (never a name or passport number)')
  personId!: string;

  @NationalityField()
  nationality!: string;

  @SexField()
  sex!: Sex;

  @BooleanField(false, 'Under 18')
  minor!: boolean;
}

export class SuspectDto extends PersonFactsDto {
  @OffenceField()
  offence!: string;
}

/** Persons counted by nationality and sex. */
export class NationalitySexCountDto {
  @NationalityField()
  nationality!: string;

  @SexField()
  sex!: Sex;

  @CountField(120, 'Number of persons')
  count!: number;
}
