/**
 * What one weighted item stands for: `count` entries that share a shape (a message with its variables
 * masked, or a request's method, path shape and status), read as one representative entry instead of
 * one by one. Sources that push the counting down (Log Analytics) yield them; the tally counts the
 * representative `count` times, spread over the minutes given.
 */
export interface Weight {
  count: number;
  firstMs: number;
  lastMs: number;
  /** Entries per UTC minute: [minute start in ms, count]; the counts add up to `count`. */
  perMinute: Array<[number, number]>;
  /** Request latencies as quantile boundaries (min, 1%, …, max), in ms, when the entries are requests. */
  latencyQuantilesMs?: number[];
  /** Traces of failed requests among them (bounded), to link them to container logs. */
  traces?: string[];
}
