import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AGENCY_KINDS, PROVINCES } from '@ledger/domain';

export class ListReferenceDataRequestDto {
  @ApiPropertyOptional({
    enum: AGENCY_KINDS,
    example: 'immigration',
    description: 'Agencies or checkpoints of this kind',
  })
  @IsOptional()
  @IsIn([...AGENCY_KINDS, 'airport', 'land-border', 'river-border'])
  kind?: string;

  @ApiPropertyOptional({ example: 'KH-18', description: 'Only items in this province (ISO 3166-2:KH)' })
  @IsOptional()
  @IsIn(PROVINCES.map((p) => p.code))
  provinceCode?: string;
}
