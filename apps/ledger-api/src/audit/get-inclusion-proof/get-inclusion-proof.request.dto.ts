import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsUUID, Matches } from 'class-validator';
import { TreeSizeField } from '../tree-size.js';

export class InclusionProofRequestDto {
  @ApiProperty({ example: '0192f7a0-7c1e-7a51-b1a4-6f0c8f3b2d10', description: 'The event to prove' })
  @IsDefined({ message: '$property is required' })
  @IsUUID('all', { message: '$property must be a UUID' })
  eventId!: string;

  @TreeSizeField('1000', 'Size of the signed head to prove against; default the latest head', false)
  treeSize?: string;

  @ApiPropertyOptional({
    example: '3158016',
    description: "A command answer's position: waits (boundedly) until the Merkle log includes it",
  })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,18})$/, { message: '$property must be a position from a command answer' })
  minPosition?: string;
}
