import type { RelayHealth } from '@ledger/kafka';
import { LedgerQuery } from '../../shared/ledger-command.js';

export type KafkaRelayView = Omit<RelayHealth, 'checkpoint' | 'errorPosition' | 'head'> & {
  checkpoint: string;
  errorPosition: string | null;
  head: string;
};

export class GetKafkaRelayQuery extends LedgerQuery<Record<string, never>, KafkaRelayView> {}

export function kafkaRelayView(health: RelayHealth): KafkaRelayView {
  return {
    ...health,
    checkpoint: health.checkpoint.toString(),
    errorPosition: health.errorPosition === null ? null : health.errorPosition.toString(),
    head: health.head.toString(),
  };
}
