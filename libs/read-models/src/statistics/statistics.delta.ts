/**
 * What a batch of events adds to the statistics tables, computed in memory without I/O: the
 * writer then applies it with one statement per table.
 */
import {
  assertNever,
  cambodianDateOf,
  EVENT_STREAM_CATEGORY,
  isForeigner,
  isLedgerEventType,
  isTraffickingOffence,
  upcast,
  type LedgerEvent,
  type Sex,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { ProjectionEventError } from '../projector/projection.js';
import { type AgencyCapacity, type Counter, type NationalityCounter } from './statistics.tables.js';

/** Province of facts that name none (a rescue request without a province, an unknown operation). */
export const UNKNOWN_PROVINCE = 'unknown';

export interface OperationFact {
  operationId: string;
  provinceCode: string;
  leadAgencyId: string;
  /** The lead first, then every agency that joined, in order. */
  participants: string[];
}

export interface RaidFact {
  operationId: string;
  raidId: string;
  provinceCode: string;
}

export interface CaseFact {
  caseId: string;
  operationId: string;
  provinceCode: string;
  openedBy: string;
  trafficking: boolean;
}

export interface DeportationFact {
  deportationId: string;
  operationId: string;
  provinceCode: string;
  orderedBy: string;
  personsOrdered: number;
  personsDeported: number;
}

export interface RescueRequestFact {
  requestId: string;
  provinceCode: string;
  receivedBy: string;
  investigated: boolean;
}

/** What earlier batches stored about the operations, raids, cases… a batch refers to. */
export interface StatisticsFacts {
  operations: Map<string, OperationFact>;
  /** By `raidKey(operationId, raidId)`. */
  raids: Map<string, RaidFact>;
  cases: Map<string, CaseFact>;
  deportations: Map<string, DeportationFact>;
  rescueRequests: Map<string, RescueRequestFact>;
}

export const emptyStatisticsFacts = (): StatisticsFacts => ({
  operations: new Map(),
  raids: new Map(),
  cases: new Map(),
  deportations: new Map(),
  rescueRequests: new Map(),
});

export const raidKey = (operationId: string, raidId: string): string => `${operationId}\u0000${raidId}`;

/** An event of the ledger, lifted to its latest schema, with its place in the log. */
export interface LedgerRecord {
  readonly recorded: RecordedEvent;
  readonly event: LedgerEvent;
}

/**
 * Upcasts the ledger's events and leaves out events of other types. An event of a known type
 * that this release cannot read (a newer schema version) is an error, not something to skip.
 */
export function readLedgerEvents(events: readonly RecordedEvent[]): LedgerRecord[] {
  const records: LedgerRecord[] = [];
  for (const recorded of events) {
    if (!isLedgerEventType(recorded.type)) continue;
    try {
      records.push({ recorded, event: upcast(recorded) });
    } catch (err) {
      throw new ProjectionEventError(recorded, err);
    }
  }
  return records;
}

export interface FactKeys {
  operationIds: string[];
  raids: { operationId: string; raidId: string }[];
  caseIds: string[];
  deportationIds: string[];
  requestIds: string[];
}

/** The facts a batch may need from earlier batches. */
export function referencedFacts(records: readonly LedgerRecord[]): FactKeys {
  const operations = new Set<string>();
  const raids = new Map<string, { operationId: string; raidId: string }>();
  const cases = new Set<string>();
  const deportations = new Set<string>();
  const requests = new Set<string>();
  for (const { event } of records) {
    // Every ledger event names its aggregates by these ids, as strings, when it names them at all.
    const d = event.data as Readonly<
      Partial<Record<'operationId' | 'raidId' | 'caseId' | 'deportationId' | 'requestId', string>>
    >;
    if (d.operationId !== undefined) operations.add(d.operationId);
    if (d.operationId !== undefined && d.raidId !== undefined) {
      raids.set(raidKey(d.operationId, d.raidId), { operationId: d.operationId, raidId: d.raidId });
    }
    if (d.caseId !== undefined) cases.add(d.caseId);
    if (d.deportationId !== undefined) deportations.add(d.deportationId);
    if (d.requestId !== undefined) requests.add(d.requestId);
  }
  return {
    operationIds: [...operations],
    raids: [...raids.values()],
    caseIds: [...cases],
    deportationIds: [...deportations],
    requestIds: [...requests],
  };
}

/** Only the counters a batch touched: the rest add nothing (and cost nothing to send). */
export type Counters = Partial<Record<Counter, number>>;
export type NationalityCounters = Partial<Record<NationalityCounter, number>>;

export type ProvinceDailyRow = { province_code: string; day: string } & Counters;
export type ProvinceNationalityDailyRow = {
  province_code: string;
  day: string;
  nationality: string;
  sex: Sex;
} & NationalityCounters;
export type AgencyDailyRow = { agency_id: string; day: string; capacity: AgencyCapacity } & Counters;

export interface TimelineRow {
  stream_id: string;
  position: bigint;
  aggregate: string;
  aggregate_id: string;
  operation_id: string | null;
  type: string;
  agency_id: string | null;
  user_id: string | null;
  role: string | null;
  occurred_at: string;
  recorded_at: string;
  summary: Record<string, unknown>;
}

export interface StatisticsDelta {
  /** Counters to add, one row per key. */
  provinceDaily: Map<string, ProvinceDailyRow>;
  provinceNationalityDaily: Map<string, ProvinceNationalityDailyRow>;
  agencyDaily: Map<string, AgencyDailyRow>;
  timeline: TimelineRow[];
  /** Keys of the facts the batch created or changed; their values are in the facts passed in. */
  changed: { [K in keyof StatisticsFacts]: Set<string> };
}

interface AgencyShare {
  agencyId: string;
  capacity: AgencyCapacity;
}

interface Attribution {
  aggregateId: string;
  operationId: string | null;
  summary: Record<string, unknown>;
}

const emptyStatisticsDelta = (): StatisticsDelta => ({
  provinceDaily: new Map(),
  provinceNationalityDaily: new Map(),
  agencyDaily: new Map(),
  timeline: [],
  changed: {
    operations: new Set(),
    raids: new Set(),
    cases: new Set(),
    deportations: new Set(),
    rescueRequests: new Set(),
  },
});

/**
 * Adds up what `records` contribute to the statistics, in log order. `facts` must hold what
 * earlier batches stored for the ids the records mention (see `referencedFacts`); it is updated
 * in place as the records create and change facts.
 */
export function computeStatisticsDelta(
  records: readonly LedgerRecord[],
  facts: StatisticsFacts,
): StatisticsDelta {
  const into = emptyStatisticsDelta();
  return computeStatisticsDeltaInto(records, facts, into, deltaCounters(into));
}

/**
 * Where the counters of a delta go: one row per key, as `computeStatisticsDelta` keeps them, or
 * straight into running sums (a rebuild). A row is keyed by the arguments before `counters`. Only
 * counters that are not zero are passed on to a row that exists; a row is asked for only when some
 * counter is not zero.
 */
export interface CounterSink {
  province(province: string, day: string, counters: Counters): void;
  agency(agencyId: string, day: string, capacity: AgencyCapacity, counters: Counters): void;
  nationality(
    province: string,
    day: string,
    nationality: string,
    sex: Sex,
    counters: NationalityCounters,
  ): void;
}

/**
 * `computeStatisticsDelta` with the counters going to `counters` instead of `into`'s maps; the
 * timeline and the changed facts go to `into`.
 */
export function computeStatisticsDeltaInto(
  records: readonly LedgerRecord[],
  facts: StatisticsFacts,
  into: StatisticsDelta,
  counters: CounterSink,
): StatisticsDelta {
  const builder = new DeltaBuilder(facts, into, counters);
  for (const record of records) {
    try {
      builder.add(record);
    } catch (err) {
      throw new ProjectionEventError(record.recorded, err);
    }
  }
  return into;
}

/** Ids never contain NUL (PostgreSQL text cannot), so joining with it keeps keys apart. */
const key2 = (a: string, b: string) => `${a}\u0000${b}`;
const key3 = (a: string, b: string, c: string) => `${a}\u0000${b}\u0000${c}`;
const key4 = (a: string, b: string, c: string, d: string) => `${a}\u0000${b}\u0000${c}\u0000${d}`;
const sum = <T>(items: readonly T[], count: (item: T) => number) =>
  items.reduce((total, item) => total + count(item), 0);

/** The delta's own counter rows. */
function deltaCounters(delta: StatisticsDelta): CounterSink {
  return {
    province(province, day, counters) {
      const k = key2(province, day);
      let row = delta.provinceDaily.get(k);
      if (!row) {
        row = { province_code: province, day };
        delta.provinceDaily.set(k, row);
      }
      addTo<Counter>(row, counters);
    },
    agency(agencyId, day, capacity, counters) {
      const k = key3(agencyId, day, capacity);
      let row = delta.agencyDaily.get(k);
      if (!row) {
        row = { agency_id: agencyId, day, capacity };
        delta.agencyDaily.set(k, row);
      }
      addTo<Counter>(row, counters);
    },
    nationality(province, day, nationality, sex, counters) {
      const k = key4(province, day, nationality, sex);
      let row = delta.provinceNationalityDaily.get(k);
      if (!row) {
        row = { province_code: province, day, nationality, sex };
        delta.provinceNationalityDaily.set(k, row);
      }
      addTo<NationalityCounter>(row, counters);
    },
  };
}

class DeltaBuilder {
  constructor(
    private readonly facts: StatisticsFacts,
    readonly delta: StatisticsDelta,
    private readonly counters: CounterSink,
  ) {}

  add({ recorded, event }: LedgerRecord): void {
    const attribution = this.attribute(event);
    if (attribution === undefined) return;
    const { aggregateId, operationId, summary } = attribution;
    const actor = actorOf(recorded.metadata);
    this.delta.timeline.push({
      stream_id: recorded.streamId,
      position: recorded.position,
      aggregate: EVENT_STREAM_CATEGORY[event.type],
      aggregate_id: aggregateId,
      operation_id: operationId,
      type: event.type,
      agency_id: actor.agencyId,
      user_id: actor.userId,
      role: actor.role,
      occurred_at: event.data.occurredAt,
      recorded_at:
        typeof recorded.metadata.recordedAt === 'string'
          ? recorded.metadata.recordedAt
          : recorded.createdAt.toISOString(),
      summary,
    });
  }

  /**
   * Counts the event and says what it is about, for the timeline; undefined for the records that
   * are neither figures nor part of an operation's or case's story (persons, the access log).
   */
  private attribute(event: LedgerEvent): Attribution | undefined {
    const day = this.dayOf(event.data.occurredAt);
    switch (event.type) {
      case 'JointOperationPlanned': {
        const d = event.data;
        const operation: OperationFact = {
          operationId: d.operationId,
          provinceCode: d.target.provinceCode,
          leadAgencyId: d.leadAgencyId,
          participants: [d.leadAgencyId],
        };
        this.facts.operations.set(d.operationId, operation);
        this.delta.changed.operations.add(d.operationId);
        this.count(operation.provinceCode, day, sharesOf(operation), { operations_planned: 1 });
        return {
          aggregateId: d.operationId,
          operationId: d.operationId,
          summary: {
            title: d.title,
            leadAgencyId: d.leadAgencyId,
            provinceCode: d.target.provinceCode,
            premises: d.target.premises,
            plannedStart: d.plannedStart,
          },
        };
      }
      case 'AgencyJoinedOperation': {
        const d = event.data;
        const operation = this.facts.operations.get(d.operationId);
        if (operation && !operation.participants.includes(d.agencyId)) {
          operation.participants.push(d.agencyId);
          this.delta.changed.operations.add(d.operationId);
        }
        // Joining counts as an operation for the agency; the province counted it when planned.
        this.countAgencies([{ agencyId: d.agencyId, capacity: 'joined' }], day, { operations_planned: 1 });
        return { aggregateId: d.operationId, operationId: d.operationId, summary: { agencyId: d.agencyId } };
      }
      case 'RaidConducted': {
        const d = event.data;
        const raid: RaidFact = {
          operationId: d.operationId,
          raidId: d.raidId,
          provinceCode: d.location.provinceCode,
        };
        const key = raidKey(d.operationId, d.raidId);
        this.facts.raids.set(key, raid);
        this.delta.changed.raids.add(key);
        const screened = sum(d.screened, (g) => g.count);
        const foreigners = sum(d.screened, (g) => (isForeigner(g.nationality) ? g.count : 0));
        this.count(raid.provinceCode, day, this.operationShares(d.operationId), {
          raids: 1,
          premises_inspected: d.premisesInspected,
          persons_screened: screened,
          foreigners_screened: foreigners,
          screened_female: sum(d.screened, (g) => (g.sex === 'female' ? g.count : 0)),
          without_passport: d.withoutValidPassport,
          without_work_permit: d.withoutWorkPermit,
        });
        for (const g of d.screened) {
          this.countNationality(raid.provinceCode, day, g.nationality, g.sex, { screened: g.count });
        }
        return {
          aggregateId: d.operationId,
          operationId: d.operationId,
          summary: {
            raidId: d.raidId,
            provinceCode: d.location.provinceCode,
            premises: d.location.premises,
            premisesInspected: d.premisesInspected,
            screened,
            foreigners,
            nationalities: new Set(d.screened.map((g) => g.nationality)).size,
            withoutValidPassport: d.withoutValidPassport,
            withoutWorkPermit: d.withoutWorkPermit,
            recordedBy: d.recordedBy,
          },
        };
      }
      case 'SuspectsDetained': {
        const d = event.data;
        const province = this.raidProvince(d.operationId, d.raidId);
        const foreigners = sum(d.suspects, (s) => (isForeigner(s.nationality) ? 1 : 0));
        const minors = sum(d.suspects, (s) => (s.minor ? 1 : 0));
        this.count(province, day, this.operationShares(d.operationId), {
          suspects_detained: d.suspects.length,
          foreign_suspects_detained: foreigners,
          minor_suspects_detained: minors,
        });
        for (const s of d.suspects)
          this.countNationality(province, day, s.nationality, s.sex, { detained: 1 });
        return {
          aggregateId: d.operationId,
          operationId: d.operationId,
          summary: {
            raidId: d.raidId,
            suspects: d.suspects.length,
            foreigners,
            minors,
            offences: [...new Set(d.suspects.map((s) => s.offence))].sort(),
          },
        };
      }
      case 'VictimsIdentified': {
        const d = event.data;
        const province = this.raidProvince(d.operationId, d.raidId);
        const minors = sum(d.victims, (v) => (v.minor ? 1 : 0));
        const female = sum(d.victims, (v) => (v.sex === 'female' ? 1 : 0));
        this.count(province, day, this.operationShares(d.operationId), {
          victims: d.victims.length,
          minor_victims: minors,
          female_victims: female,
          victims_rescued: d.rescued ? d.victims.length : 0,
        });
        for (const v of d.victims) {
          this.countNationality(province, day, v.nationality, v.sex, {
            victims: 1,
            minor_victims: v.minor ? 1 : 0,
          });
        }
        return {
          aggregateId: d.operationId,
          operationId: d.operationId,
          summary: {
            raidId: d.raidId ?? null,
            victims: d.victims.length,
            minors,
            female,
            rescued: d.rescued,
          },
        };
      }
      case 'FineImposed': {
        const d = event.data;
        this.count(this.raidProvince(d.operationId, d.raidId), day, this.operationShares(d.operationId), {
          fines_imposed: 1,
          fines_riel: d.amountRiel,
        });
        return {
          aggregateId: d.operationId,
          operationId: d.operationId,
          summary: { fineId: d.fineId, amountRiel: d.amountRiel, reason: d.reason, raidId: d.raidId ?? null },
        };
      }
      case 'OffencesIdentified':
        return {
          aggregateId: event.data.operationId,
          operationId: event.data.operationId,
          summary: { offences: event.data.offences },
        };
      case 'DetaineeReleased':
        return {
          aggregateId: event.data.operationId,
          operationId: event.data.operationId,
          summary: { personId: event.data.personId, reason: event.data.reason },
        };
      case 'JointOperationClosed':
        return {
          aggregateId: event.data.operationId,
          operationId: event.data.operationId,
          summary: { summary: event.data.summary ?? null },
        };
      case 'CaseOpened': {
        const d = event.data;
        const trafficking = d.offences.some(isTraffickingOffence);
        const fact: CaseFact = {
          caseId: d.caseId,
          operationId: d.operationId,
          provinceCode: this.facts.operations.get(d.operationId)?.provinceCode ?? UNKNOWN_PROVINCE,
          openedBy: d.openedBy,
          trafficking,
        };
        this.facts.cases.set(d.caseId, fact);
        this.delta.changed.cases.add(d.caseId);
        const minorVictims = sum(d.victims, (v) => (v.minor ? 1 : 0));
        this.count(fact.provinceCode, day, [{ agencyId: d.openedBy, capacity: 'own' }], {
          cases_opened: 1,
          ...(trafficking && {
            trafficking_cases_opened: 1,
            trafficking_victims: d.victims.length,
            trafficking_minor_victims: minorVictims,
          }),
        });
        return {
          aggregateId: d.caseId,
          operationId: d.operationId,
          summary: {
            openedBy: d.openedBy,
            offences: d.offences,
            trafficking,
            suspects: d.suspects.length,
            victims: d.victims.length,
            minorVictims,
          },
        };
      }
      case 'CaseSentToCourt': {
        const d = event.data;
        const fact = this.facts.cases.get(d.caseId);
        this.count(fact?.provinceCode ?? UNKNOWN_PROVINCE, day, ownedBy(fact?.openedBy), {
          cases_sent_to_court: 1,
          suspects_sent_to_court: d.suspectsSent.length,
          foreigners_sent_to_court: d.foreignersSent,
          ...(fact?.trafficking && {
            trafficking_suspects_sent_to_court: d.suspectsSent.length,
            trafficking_foreigners_sent_to_court: d.foreignersSent,
          }),
        });
        return {
          aggregateId: d.caseId,
          operationId: fact?.operationId ?? null,
          summary: {
            courtId: d.courtId,
            prosecutorId: d.prosecutorId,
            suspectsSent: d.suspectsSent.length,
            foreignersSent: d.foreignersSent,
          },
        };
      }
      case 'CaseDismissed': {
        const d = event.data;
        const fact = this.facts.cases.get(d.caseId);
        this.count(fact?.provinceCode ?? UNKNOWN_PROVINCE, day, ownedBy(fact?.openedBy), {
          cases_dismissed: 1,
        });
        return {
          aggregateId: d.caseId,
          operationId: fact?.operationId ?? null,
          summary: { reason: d.reason },
        };
      }
      case 'DeportationOrdered': {
        const d = event.data;
        const fact: DeportationFact = {
          deportationId: d.deportationId,
          operationId: d.operationId,
          provinceCode: this.facts.operations.get(d.operationId)?.provinceCode ?? UNKNOWN_PROVINCE,
          orderedBy: d.orderedBy,
          personsOrdered: d.persons.length,
          personsDeported: 0,
        };
        this.facts.deportations.set(d.deportationId, fact);
        this.delta.changed.deportations.add(d.deportationId);
        this.count(fact.provinceCode, day, [{ agencyId: d.orderedBy, capacity: 'own' }], {
          deportations_ordered: 1,
        });
        return {
          aggregateId: d.deportationId,
          operationId: d.operationId,
          summary: { orderedBy: d.orderedBy, legalGround: d.legalGround, persons: d.persons.length },
        };
      }
      case 'DeportationExecuted': {
        const d = event.data;
        const fact = this.facts.deportations.get(d.deportationId);
        // Counted on the day the persons left, once the last person of the order has left.
        let completed = false;
        if (fact) {
          const before = fact.personsDeported;
          fact.personsDeported += d.persons.length;
          completed = before < fact.personsOrdered && fact.personsDeported >= fact.personsOrdered;
          this.delta.changed.deportations.add(d.deportationId);
        }
        const province = fact?.provinceCode ?? UNKNOWN_PROVINCE;
        this.count(province, d.executedOn, ownedBy(fact?.orderedBy), {
          deportations_executed: completed ? 1 : 0,
          persons_deported: d.persons.length,
          women_deported: sum(d.byNationality, (g) => (g.sex === 'female' ? g.count : 0)),
        });
        for (const g of d.byNationality) {
          this.countNationality(province, d.executedOn, g.nationality, g.sex, { deported: g.count });
        }
        return {
          aggregateId: d.deportationId,
          operationId: fact?.operationId ?? null,
          summary: {
            executedOn: d.executedOn,
            checkpoint: d.checkpoint,
            persons: d.persons.length,
            byNationality: d.byNationality,
          },
        };
      }
      case 'DeportationCancelled': {
        const d = event.data;
        return {
          aggregateId: d.deportationId,
          operationId: this.facts.deportations.get(d.deportationId)?.operationId ?? null,
          summary: { reason: d.reason },
        };
      }
      case 'RescueRequestReceived': {
        const d = event.data;
        const fact: RescueRequestFact = {
          requestId: d.requestId,
          provinceCode: d.provinceCode ?? UNKNOWN_PROVINCE,
          receivedBy: d.receivedBy,
          investigated: false,
        };
        this.facts.rescueRequests.set(d.requestId, fact);
        this.delta.changed.rescueRequests.add(d.requestId);
        const persons = sum(d.persons, (p) => p.count);
        this.count(fact.provinceCode, day, [{ agencyId: d.receivedBy, capacity: 'own' }], {
          rescue_requests_received: 1,
          rescue_persons_requested: persons,
        });
        return {
          aggregateId: d.requestId,
          operationId: null,
          summary: {
            fromMissionId: d.fromMissionId,
            receivedBy: d.receivedBy,
            provinceCode: d.provinceCode ?? null,
            persons,
            byNationality: d.persons,
          },
        };
      }
      case 'RescueRequestInvestigated': {
        const d = event.data;
        const fact = this.facts.rescueRequests.get(d.requestId);
        // Follow-up investigations are recorded too; a request counts as investigated once.
        const first = !fact?.investigated;
        if (fact && first) {
          fact.investigated = true;
          this.delta.changed.rescueRequests.add(d.requestId);
        }
        this.countRescue(fact, day, { rescue_requests_investigated: first ? 1 : 0 });
        return {
          aggregateId: d.requestId,
          operationId: null,
          summary: { investigatedBy: d.investigatedBy, findings: d.findings },
        };
      }
      case 'RescueVictimsFound': {
        const d = event.data;
        this.countRescue(this.facts.rescueRequests.get(d.requestId), day, {
          rescue_victims_found: d.victims.length,
          rescue_perpetrators_arrested: d.perpetratorsArrested ?? 0,
        });
        return {
          aggregateId: d.requestId,
          operationId: null,
          summary: { victims: d.victims.length, perpetratorsArrested: d.perpetratorsArrested ?? 0 },
        };
      }
      case 'RescueVictimsHandedOver': {
        const d = event.data;
        this.countRescue(this.facts.rescueRequests.get(d.requestId), day, {
          rescue_victims_handed_over: d.personIds.length,
        });
        return {
          aggregateId: d.requestId,
          operationId: null,
          summary: { toAgencyId: d.toAgencyId, persons: d.personIds.length },
        };
      }
      case 'RescueRequestClosed':
        return {
          aggregateId: event.data.requestId,
          operationId: null,
          summary: { outcome: event.data.outcome },
        };
      // Need-to-know changes nothing in the figures; the case's timeline shows them.
      case 'CaseSealed':
      case 'CaseUnsealed':
        return {
          aggregateId: event.data.caseId,
          operationId: this.operationOfCase(event.data.caseId),
          summary: { sealed: event.type === 'CaseSealed', reason: event.data.reason },
        };
      case 'CaseAccessGranted':
      case 'CaseAccessRevoked':
        return {
          aggregateId: event.data.caseId,
          operationId: this.operationOfCase(event.data.caseId),
          summary: {
            agencyId: event.data.agencyId,
            granted: event.type === 'CaseAccessGranted',
            reason: event.data.reason,
          },
        };
      case 'PersonRegistered':
      case 'PersonIdentityErased':
      case 'AgencyRegistered':
      case 'AgencyRenamed':
      case 'AgencyRetired':
      case 'AccessLogged':
        return undefined;
      default:
        return assertNever(event, 'ledger event');
    }
  }

  private dayOf(instant: string): string {
    return cambodianDayOf(instant);
  }

  /** null for a case that was not opened in an operation (or is not known here). */
  private operationOfCase(caseId: string): string | null {
    return this.facts.cases.get(caseId)?.operationId ?? null;
  }

  private operationShares(operationId: string): AgencyShare[] {
    const operation = this.facts.operations.get(operationId);
    return operation ? sharesOf(operation) : [];
  }

  /** A fact of a raid belongs to the raid's province; without a raid, to the operation's target. */
  private raidProvince(operationId: string, raidId: string | undefined): string {
    const raid = raidId === undefined ? undefined : this.facts.raids.get(raidKey(operationId, raidId));
    return raid?.provinceCode ?? this.facts.operations.get(operationId)?.provinceCode ?? UNKNOWN_PROVINCE;
  }

  private countRescue(fact: RescueRequestFact | undefined, day: string, counters: Counters): void {
    this.count(fact?.provinceCode ?? UNKNOWN_PROVINCE, day, ownedBy(fact?.receivedBy), counters);
  }

  private count(province: string, day: string, shares: readonly AgencyShare[], counters: Counters): void {
    if (!hasValue(counters)) return;
    this.counters.province(province, day, counters);
    this.countAgencies(shares, day, counters);
  }

  private countAgencies(shares: readonly AgencyShare[], day: string, counters: Counters): void {
    for (const { agencyId, capacity } of shares) {
      this.counters.agency(agencyId, day, capacity, counters);
    }
  }

  private countNationality(
    province: string,
    day: string,
    nationality: string,
    sex: Sex,
    counters: NationalityCounters,
  ): void {
    if (!hasValue(counters)) return;
    this.counters.nationality(province, day, nationality, sex, counters);
  }
}

/** UTC date → the next date; few distinct dates occur, and parsing them is what costs. */
const nextDates = new Map<string, string>();
const NORMALISED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The Cambodian (UTC+7) date of an instant. Events carry instants normalised by `toISOString`,
 * whose date is the UTC date: from 17:00 UTC on, Cambodia is already on the next day. Anything
 * else takes the general path.
 */
export function cambodianDayOf(instant: string): string {
  if (!NORMALISED_INSTANT.test(instant)) return cambodianDateOf(new Date(instant));
  const date = instant.slice(0, 10);
  if (instant.charCodeAt(11) < 0x31 || (instant.charCodeAt(11) === 0x31 && instant.charCodeAt(12) < 0x37)) {
    return date;
  }
  let next = nextDates.get(date);
  if (next === undefined) {
    next = new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
    if (nextDates.size >= 100_000) nextDates.clear();
    nextDates.set(date, next);
  }
  return next;
}

/** The lead shares an operation's facts as 'led', every other participant as 'joined'. */
function sharesOf(operation: OperationFact): AgencyShare[] {
  return operation.participants.map((agencyId) => ({
    agencyId,
    capacity: agencyId === operation.leadAgencyId ? 'led' : 'joined',
  }));
}

const ownedBy = (agencyId: string | undefined): AgencyShare[] =>
  agencyId === undefined ? [] : [{ agencyId, capacity: 'own' }];

function hasValue(counters: Partial<Record<string, number>>): boolean {
  for (const name in counters) if (counters[name]) return true;
  return false;
}

/** Adds the non-zero counters; a row holds only counters that something added to. */
function addTo<K extends string>(
  row: Partial<Record<K, number>>,
  counters: Partial<Record<K, number>>,
): void {
  for (const name in counters) {
    const value = counters[name];
    if (value) row[name] = (row[name] ?? 0) + value;
  }
}

function actorOf(metadata: Record<string, unknown>): {
  agencyId: string | null;
  userId: string | null;
  role: string | null;
} {
  const actor = (
    typeof metadata.actor === 'object' && metadata.actor !== null ? metadata.actor : {}
  ) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { agencyId: text(actor.agencyId), userId: text(actor.userId), role: text(actor.role) };
}
