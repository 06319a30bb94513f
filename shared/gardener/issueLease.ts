import type { LoadedState, StateStore } from "./ports.js";

/**
 * How long a lease holds if its pass dies without releasing it. It is taken after the read, so it
 * covers only the GitHub sync, the worklog write and the commit: minutes at most (the client waits at
 * most 2 x 120 s on rate limits). A pass killed meanwhile blocks a retry of its service this long at
 * worst; the next hourly pass never.
 */
export const LEASE_TTL_MS = 15 * 60_000;

export type LeaseOutcome = { kind: "held"; loaded: LoadedState } | { kind: "busy"; detail: string };

/**
 * Takes the service's lease for this pass: a field in the state object, written with the generation
 * precondition, so of two passes only one holds it; no GitHub write is spent on it. A lease of this
 * same pass counts as held (a write whose answer was lost and that landed all the same), and an
 * expired one is taken over. Returns the state as now stored, to commit against at the end.
 */
export async function takeLease(store: StateStore, service: string, loaded: LoadedState, owner: string, now: Date): Promise<LeaseOutcome> {
  const held = loaded.state.lease;
  if (held && held.owner !== owner && Date.parse(held.until) > now.getTime()) {
    return { kind: "busy", detail: `another pass holds the lease on ${service} until ${held.until}` };
  }
  const state = { ...structuredClone(loaded.state), lease: { owner, until: new Date(now.getTime() + LEASE_TTL_MS).toISOString() } };
  const committed = await store.commit(service, state, loaded.generation);
  if (committed.kind === "committed") return { kind: "held", loaded: { state, generation: committed.generation } };
  const again = await store.load(service);
  if (again.state.lease?.owner === owner) return { kind: "held", loaded: again };
  return { kind: "busy", detail: committed.detail };
}

/** Gives the lease back without changing anything else (a pass that failed after taking it). */
export async function releaseLease(store: StateStore, service: string, leased: LoadedState): Promise<void> {
  const state = structuredClone(leased.state);
  delete state.lease;
  await store.commit(service, state, leased.generation);
}
