// Shared building blocks
export * from './shared/errors.js';
export * from './shared/event.js';
export * from './shared/decider.js';
export * from './shared/validation.js';
export * from './shared/streams.js';
export * from './shared/upcaster.js';
export * from './ledger-events.js';

// Reference data
export * from './reference-data/provinces.js';
export * from './reference-data/nationalities.js';
export * from './reference-data/agencies.js';
export * from './reference-data/checkpoints.js';
export * from './reference-data/offences.js';
export * from './reference-data/rules.js';
export * from './reference-data/agency-directory.js';

// The agency register: reference data admins manage (stream 'reference-agencies')
export * from './agency-register/agency-register.events.js';
export * from './agency-register/agency-register.commands.js';
export * from './agency-register/agency-register.state.js';
export * from './agency-register/agency-register.decide.js';
export * from './agency-register/agency-register.evolve.js';
export * from './agency-register/agency-register.decider.js';

// Joint operations (stream 'operation-<id>')
export * from './joint-operation/joint-operation.events.js';
export * from './joint-operation/joint-operation.commands.js';
export * from './joint-operation/joint-operation.state.js';
export * from './joint-operation/joint-operation.decide.js';
export * from './joint-operation/joint-operation.evolve.js';
export * from './joint-operation/joint-operation.queries.js';
export * from './joint-operation/joint-operation.decider.js';

// Cases (stream 'case-<id>')
export * from './case/case.events.js';
export * from './case/case.commands.js';
export * from './case/case.state.js';
export * from './case/case.decide.js';
export * from './case/case.evolve.js';
export * from './case/case.decider.js';

// Deportations (stream 'deportation-<id>')
export * from './deportation/deportation.events.js';
export * from './deportation/deportation.commands.js';
export * from './deportation/deportation.state.js';
export * from './deportation/deportation.decide.js';
export * from './deportation/deportation.evolve.js';
export * from './deportation/deportation.decider.js';

// Rescue requests from foreign missions (stream 'rescue-<id>')
export * from './rescue-request/rescue-request.events.js';
export * from './rescue-request/rescue-request.commands.js';
export * from './rescue-request/rescue-request.state.js';
export * from './rescue-request/rescue-request.decide.js';
export * from './rescue-request/rescue-request.evolve.js';
export * from './rescue-request/rescue-request.decider.js';

// Persons, whose identities live encrypted in the personal-data store (stream 'person-<id>')
export * from './person/person.events.js';
export * from './person/person.commands.js';
export * from './person/person.state.js';
export * from './person/person.decide.js';
export * from './person/person.evolve.js';
export * from './person/person.decider.js';

// The access log (streams 'access-<YYYY-MM-DD>')
export * from './access-log/access-log.events.js';

// Need-to-know: what a reader without it may not see
export * from './need-to-know/withhold.js';
