import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccessDeniedError, Permission, requireAccess } from '@ledger/auth';
import {
  AggregateNotFoundError,
  isRestrictedPerson,
  personDecider,
  STREAM_CATEGORIES,
  streamIdFor,
} from '@ledger/domain';
import { IdentityVault } from '@ledger/personal-data';
import { AggregateRepository } from '../../shared/aggregate-repository.js';
import { NeedToKnow } from '../../shared/need-to-know.js';
import { GetPersonQuery, type IdentityView, type PersonView } from './get-person.query.js';

@QueryHandler(GetPersonQuery)
export class GetPersonHandler implements IQueryHandler<GetPersonQuery> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly vault: IdentityVault,
    private readonly needToKnow: NeedToKnow,
  ) {}

  async execute({ actor, params }: GetPersonQuery): Promise<PersonView> {
    requireAccess({ actor, permission: Permission.PersonRead });
    const streamId = streamIdFor(STREAM_CATEGORIES.person, params.personId);
    const aggregate = await this.aggregates.load(personDecider, streamId);
    const person = aggregate.state;
    if (person.status === 'none' || aggregate.loadedRevision === undefined) {
      throw new AggregateNotFoundError('person', params.personId);
    }
    if (isRestrictedPerson(person)) {
      const subject = { streamId, category: 'person' as const, state: person, underCaseId: params.caseId };
      const basis = await this.needToKnow.basisFor(actor, subject);
      if (basis === undefined) {
        throw new AccessDeniedError(
          Permission.PersonRead,
          `the identity of ${person.minor ? 'a minor' : 'a victim'} is need-to-know: only ${person.registeredBy}, ` +
            'the agencies of a case naming them (pass caseId) and auditors may read it',
        );
      }
      this.needToKnow.logged(actor, streamId, basis);
    }

    let identity: IdentityView;
    if (person.status === 'erased') {
      // Recorded as erased: never decrypt, and finish destroying the key should it have survived.
      await this.vault.erase(person.personId);
      identity = { status: 'erased', erasedAt: person.erasure!.erasedAt };
    } else {
      const read = await this.vault.read(person.personId);
      identity =
        read.status === 'present'
          ? { status: 'present', ...read.identity }
          : read.status === 'erased'
            ? { status: 'erased', erasedAt: read.erasedAt.toISOString() }
            : { status: 'absent' };
    }
    return {
      personId: person.personId,
      streamId,
      revision: aggregate.loadedRevision,
      registeredBy: person.registeredBy,
      registeredAt: person.registeredAt,
      nationality: person.nationality,
      sex: person.sex,
      minor: person.minor,
      victim: person.victim,
      identity,
    };
  }
}
