import { describe, expect, it } from "@jest/globals";
import type { LogEvent } from "../../shared/events/logEvent.js";
import { assembleAll } from "./assembleAll.js";
import { entryOf } from "./entryOf.js";

const assemble = (lines: string[], gapMs = 0.01): LogEvent[] => assembleAll(lines.map((m, i) => entryOf(m, T0 + i * gapMs, { insertId: `id${i}` })));
const T0 = Date.parse("2026-03-10T14:00:00Z");

/**
 * A JSON record whose formatter did not escape its message: the message held a gRPC error's text over
 * several lines (with nested `{ … }` blocks and quotes of its own), and the platform split the record
 * at every newline.
 */
const SPLIT_RECORD = [
  '{"time": "2026-03-10 14:00:00,120", "level": "WARNING", "logger": "app.llm", "message": "Primary model call failed: 403 Permission \'models.predict\' denied on resource \'projects/p/models/m1\'. [reason: "IAM_PERMISSION_DENIED"',
  'domain: "example.googleapis.com"',
  "details {",
  '  key: "permission"',
  '  value: "models.predict"',
  "}",
  '], falling back to the small model", "attempt": 2}',
];

describe("a JSON record split at the newlines of its message", () => {
  it("is one event, named by its message", () => {
    const events = assemble(SPLIT_RECORD);
    expect(events).toHaveLength(1);
    expect(events[0]?.stitch).toBe("json-record");
    expect(events[0]?.parts).toBe(SPLIT_RECORD.length);
    expect(events[0]?.title).toBe("Primary model call failed: 403 Permission 'models.predict' denied on resource 'projects/p/models/m1'. [reason:");
  });

  it("leaves whole records, and the next record's line, as events of their own", () => {
    const whole = ['{"level": "INFO", "message": "one"}', '{"level": "INFO", "message": "two"}', '{"level": "INFO", "message": "three"}'];
    expect(assemble(whole)).toHaveLength(3);
    // An unclosed record followed at once by another record: the second is not its continuation.
    expect(assemble(['{"level": "ERROR", "message": "cut short', '{"level": "INFO", "message": "next"}'])).toHaveLength(2);
  });

  it("never lets a whole record with a brace in its message swallow the records after it", () => {
    const lines = ['{"level": "INFO", "message": "template \\"Hello {name\\" has no closing brace"}', "2026-03-10 14:00:00,004 ERROR [db.pool] connection to primary lost", "2026-03-10 14:00:00,005 CRITICAL [app] giving up"];
    expect(assemble(lines)).toHaveLength(3);
    // Nor an unclosed one: a line that starts a record of its own is not its continuation.
    expect(assemble(['{"level": "ERROR", "message": "cut {short', "ERROR: worker 3 died"])).toHaveLength(2);
  });

  it("stitches only within one print: a line a second later is another event", () => {
    expect(assemble([SPLIT_RECORD[0] as string, "domain: late"], 1000)).toHaveLength(2);
  });
});
