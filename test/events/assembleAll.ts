import type { Entry } from "../../shared/entries/entry.js";
import { createEventAssembler } from "../../shared/events/createEventAssembler.js";
import type { LogEvent } from "../../shared/events/logEvent.js";
import { DEFAULT_STITCH_LIMITS } from "../../shared/events/stitchLimits.js";

/** Every event one assembler makes of `entries`, those still open at the end included. */
export function assembleAll(entries: readonly Entry[], limits = DEFAULT_STITCH_LIMITS): LogEvent[] {
  const a = createEventAssembler(limits);
  const out: LogEvent[] = [];
  for (const e of entries) out.push(...a.add(e));
  out.push(...a.flush());
  return out;
}
