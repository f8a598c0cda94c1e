import { DOCUMENT_KINDS } from '@ledger/personal-data';
import {
  BooleanField,
  ChoiceField,
  DateField,
  InstantField,
  NationalityField,
  Nested,
  TextField,
} from '../../shared/dto/fields.js';
import { PersonFactsDto } from '../../shared/dto/person.dto.js';

export class IdentityDocumentDto {
  @ChoiceField(DOCUMENT_KINDS, 'passport', 'Kind of document')
  kind!: (typeof DOCUMENT_KINDS)[number];

  @TextField('E1234567', 'Document number', true, 64)
  number!: string;

  @NationalityField(false, 'Issuing country, ISO 3166-1 alpha-3')
  issuingCountry?: string;
}

/** Encrypted under the person's own key; never in an event, a read model, a Kafka message or a log. */
export class IdentityDto {
  @TextField('Nguyen Thi A', 'Full name as on the document', true, 200)
  name!: string;

  @DateField('2006-03-14', 'Date of birth', false)
  dateOfBirth?: string;

  @Nested(() => IdentityDocumentDto, 'Passport or identity document', false)
  document?: IdentityDocumentDto;

  @TextField('photos/2022/09/19/0042.jpg', 'Where the photo is kept', false, 500)
  photoReference?: string;
}

export class RegisterPersonRequestDto extends PersonFactsDto {
  @BooleanField(false, 'A victim: the identity is restricted, like a minor’s')
  victim!: boolean;

  @InstantField('2022-09-20T15:00:00+07:00', 'When the identity was established')
  occurredAt!: string;

  @Nested(() => IdentityDto, 'The identity, kept encrypted and erasable')
  identity!: IdentityDto;
}
