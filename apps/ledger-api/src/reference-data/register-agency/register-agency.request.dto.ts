import { AGENCY_KINDS } from '@ledger/domain';
import {
  ChoiceField,
  InstantField,
  NationalityField,
  ProvinceField,
  TextField,
} from '../../shared/dto/fields.js';

export class RegisterAgencyRequestDto {
  @TextField(
    'mission-lka',
    'A lowercase slug no agency has yet; events and tokens name the agency by it',
    true,
    64,
  )
  agencyId!: string;

  @ChoiceField(AGENCY_KINDS, 'foreign-mission', 'Kind of agency')
  kind!: string;

  @TextField('Embassy of Sri Lanka', 'Name', true, 200)
  name!: string;

  @ProvinceField(false)
  provinceCode?: string;

  @NationalityField(false, 'For a foreign mission: the country it represents, ISO 3166-1 alpha-3')
  countryCode?: string;

  @InstantField('2022-09-25T09:00:00+07:00', 'When it takes effect')
  occurredAt!: string;
}
