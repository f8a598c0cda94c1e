import type { AgencyDirectory } from '../reference-data/agency-directory.js';

export interface Actor {
  readonly userId: string;
  readonly agencyId: string;
  readonly role: string;
}

/** What decide may know besides the command and the state: the clock, who is asking, and the agencies. */
export interface DecideContext {
  readonly now: Date;
  readonly actor: Actor;
  /** The agencies as registered now; the shipped catalogue when absent. */
  readonly agencies?: AgencyDirectory;
}

/**
 * One aggregate's behaviour as two pure functions (the Emmett "decider").
 * `decide` returns the new events or throws a `DomainError`; `evolve` never throws.
 */
export interface Decider<Command, State, Event, Ctx extends DecideContext = DecideContext> {
  readonly initialState: State;
  decide(command: Command, state: State, ctx: Ctx): Event[];
  evolve(state: State, event: Event): State;
}

/** Rebuilds a state from past events. */
export function fold<State, Event>(
  decider: { readonly initialState: State; evolve(state: State, event: Event): State },
  events: Iterable<Event>,
  from: State = decider.initialState,
): State {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Compile-time exhaustiveness for switches over unions; at run time it names the stray value. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
