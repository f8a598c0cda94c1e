/**
 * An example of a downstream system: it rebuilds per-province figures from the ledger's Kafka
 * topics alone, with no access to the ledger's database or API. It shows what a consumer must do:
 *
 * - deduplicate on `ce_id`: the relay publishes at least once, and a redelivery carries the same
 *   id (here a set in memory; a real consumer records the id in its own database, in the same
 *   transaction as the effect, under a unique constraint);
 * - not rely on order across topics: a case or a deportation may arrive before the operation it
 *   refers to, so figures are kept per operation and raid and attributed to a province when read;
 * - rely on order within a stream: a stream is one key, so its events arrive in order.
 */
import type { ReceivedLedgerEvent } from '@ledger/kafka';

export const PROVINCE_FIGURES = [
  'operations_planned',
  'raids',
  'premises_inspected',
  'persons_screened',
  'without_passport',
  'without_work_permit',
  'suspects_detained',
  'foreign_suspects_detained',
  'victims',
  'minor_victims',
  'fines_riel',
  'cases_opened',
  'cases_sent_to_court',
  'suspects_sent_to_court',
  'persons_deported',
] as const;
export type ProvinceFigure = (typeof PROVINCE_FIGURES)[number];
export type ProvinceFigures = Record<ProvinceFigure, number>;

const CAMBODIA = 'KHM';
const zero = (): ProvinceFigures =>
  Object.fromEntries(PROVINCE_FIGURES.map((f) => [f, 0])) as ProvinceFigures;

/** The fields of the payloads this consumer reads (see libs/kafka/asyncapi for the full contract). */
interface Person {
  nationality: string;
  minor: boolean;
}
type Data = Record<string, unknown> & { operationId?: string; raidId?: string };

export class ProvinceCounter {
  private readonly seen = new Set<string>();
  /** operationId → province of its target. */
  private readonly operations = new Map<string, string>();
  /** `operationId/raidId` → province of the raid. */
  private readonly raids = new Map<string, string>();
  private readonly caseOperation = new Map<string, string>();
  private readonly deportationOperation = new Map<string, string>();
  /** Figures per place they belong to: `raid:<op>/<raid>`, `operation:<op>`, `case:<id>`, `deportation:<id>`. */
  private readonly figures = new Map<string, ProvinceFigures>();
  duplicates = 0;

  /** False for a redelivery, which changes nothing. */
  handle(message: ReceivedLedgerEvent): boolean {
    if (this.seen.has(message.id)) {
      this.duplicates += 1;
      return false;
    }
    this.seen.add(message.id);
    const data = message.event.data as Data;
    const op = data.operationId ?? '';
    const at = data.raidId === undefined ? `operation:${op}` : `raid:${op}/${data.raidId}`;
    switch (message.event.type) {
      case 'JointOperationPlanned':
        this.operations.set(op, (data.target as { provinceCode: string }).provinceCode);
        this.add(`operation:${op}`, { operations_planned: 1 });
        break;
      case 'RaidConducted': {
        this.raids.set(
          `${op}/${String(data.raidId)}`,
          (data.location as { provinceCode: string }).provinceCode,
        );
        const screened = data.screened as { count: number }[];
        this.add(at, {
          raids: 1,
          premises_inspected: data.premisesInspected as number,
          persons_screened: screened.reduce((n, g) => n + g.count, 0),
          without_passport: data.withoutValidPassport as number,
          without_work_permit: data.withoutWorkPermit as number,
        });
        break;
      }
      case 'SuspectsDetained': {
        const suspects = data.suspects as Person[];
        this.add(at, {
          suspects_detained: suspects.length,
          foreign_suspects_detained: suspects.filter((s) => s.nationality !== CAMBODIA).length,
        });
        break;
      }
      case 'VictimsIdentified': {
        const victims = data.victims as Person[];
        this.add(at, { victims: victims.length, minor_victims: victims.filter((v) => v.minor).length });
        break;
      }
      case 'FineImposed':
        this.add(at, { fines_riel: data.amountRiel as number });
        break;
      case 'CaseOpened':
        this.caseOperation.set(data.caseId as string, op);
        this.add(`case:${String(data.caseId)}`, { cases_opened: 1 });
        break;
      case 'CaseSentToCourt':
        this.add(`case:${String(data.caseId)}`, {
          cases_sent_to_court: 1,
          suspects_sent_to_court: (data.suspectsSent as unknown[]).length,
        });
        break;
      case 'DeportationOrdered':
        this.deportationOperation.set(data.deportationId as string, op);
        break;
      case 'DeportationExecuted':
        this.add(`deportation:${String(data.deportationId)}`, {
          persons_deported: (data.persons as unknown[]).length,
        });
        break;
      default:
      // Other events carry no figure this consumer keeps.
    }
    return true;
  }

  /** Figures per province, as they stand now. */
  byProvince(): Map<string, ProvinceFigures> {
    const result = new Map<string, ProvinceFigures>();
    for (const [place, figures] of this.figures) {
      const province = this.provinceOf(place);
      if (province === undefined) continue;
      const total = result.get(province) ?? zero();
      for (const f of PROVINCE_FIGURES) total[f] += figures[f];
      result.set(province, total);
    }
    return result;
  }

  private provinceOf(place: string): string | undefined {
    const [kind, id = ''] = place.split(/:(.*)/s);
    switch (kind) {
      case 'raid':
        return this.raids.get(id) ?? this.operations.get(id.split('/')[0] ?? '');
      case 'operation':
        return this.operations.get(id);
      case 'case':
        return this.operations.get(this.caseOperation.get(id) ?? '');
      case 'deportation':
        return this.operations.get(this.deportationOperation.get(id) ?? '');
      default:
        return undefined;
    }
  }

  private add(place: string, delta: Partial<ProvinceFigures>): void {
    const figures = this.figures.get(place) ?? zero();
    for (const [f, n] of Object.entries(delta) as [ProvinceFigure, number][]) figures[f] += n;
    this.figures.set(place, figures);
  }
}
