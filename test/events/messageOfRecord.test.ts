import { describe, expect, it } from "@jest/globals";
import { messageOfRecord } from "../../shared/events/logFormats.js";

describe("the words of a formatted log line, for a title", () => {
  it.each([
    ["\x1b[32m2025-08-28 00:20:34.620\x1b[0m | \x1b[31m\x1b[1mERROR \x1b[0m | \x1b[36mapp.core.logging\x1b[0m:\x1b[36m_emit\x1b[0m:\x1b[36m202\x1b[0m | [ClickHouse] connection refused", "[ClickHouse] connection refused"],
    ["[2025-09-16 01:41:45 +0000] [13] [ERROR] Worker (pid:14) exited with code 3", "Worker (pid:14) exited with code 3"],
    ["2024-05-01 10:00:00,123 - billing.invoices - ERROR - invoice 8812 could not be rendered", "invoice 8812 could not be rendered"],
    ["[2025-12-01 07:33:25,287] INFO sentry_sdk.errors: Discarded session update because of missing release", "Discarded session update because of missing release"],
    ["ERROR:root:Database: connection failed", "Database: connection failed"],
    ["[Nest] 1  - 05/01/2024, 10:00:20 AM   ERROR [ExceptionsHandler] Cannot read properties of undefined (reading 'id')", "Cannot read properties of undefined (reading 'id')"],
    ["Configuration problem: DATABASE_URL must be set", "Configuration problem: DATABASE_URL must be set"],
    ["[INFO] ok", "[INFO] ok"],
  ])("%j -> %j", (line, words) => {
    expect(messageOfRecord(line)).toBe(words);
  });
});
