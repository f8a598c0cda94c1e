import { IsIn } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import {
  AgencyField,
  DateField,
  IdField,
  InstantField,
  Nested,
  TextField,
  TextListField,
} from '../../shared/dto/fields.js';
import { AreaDto } from '../../shared/dto/area.dto.js';

export class OperationTargetDto extends AreaDto {
  @TextListField(
    ['Jing Chhay Technology (8 buildings)'],
    'Premises targeted (empty for an area-wide sweep)',
    0,
  )
  premises!: string[];
}

export class LegalAuthorityDto {
  @ApiProperty({ enum: ['prosecutor-order'], example: 'prosecutor-order' })
  @IsIn(['prosecutor-order'], { message: '$property must be prosecutor-order' })
  kind!: 'prosecutor-order';

  @TextField('PS-2022-0917/ORD', "Reference of the prosecutor's order")
  reference!: string;

  @AgencyField('prosecutor-kh-18', 'The prosecutor or court that issued the order')
  issuedBy!: string;

  @DateField('2022-09-17', 'Date of the order')
  issuedOn!: string;
}

export class PlanJointOperationRequestDto {
  @IdField('sihanoukville-2022-09', 'Operation id; generated (UUIDv7) when omitted', false)
  operationId?: string;

  @AgencyField('admin-kh-18', "Lead agency: must be the actor's own")
  leadAgencyId!: string;

  @TextField('Inspection of foreign-run premises, Sihanoukville', 'Short title')
  title!: string;

  @Nested(() => OperationTargetDto, 'Where the operation is aimed')
  target!: OperationTargetDto;

  @Nested(() => LegalAuthorityDto, "The prosecutor's order that authorises it")
  legalAuthority!: LegalAuthorityDto;

  @DateField('2022-09-19', 'Planned start')
  plannedStart!: string;

  @InstantField('2022-09-18T08:00:00+07:00', 'When it was planned')
  occurredAt!: string;
}
