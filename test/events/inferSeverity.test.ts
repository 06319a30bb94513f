import { describe, expect, it } from "@jest/globals";
import { inferSeverity } from "../../shared/events/inferSeverity.js";

describe("inferSeverity", () => {
  it.each([
    ["[2025-09-16 01:40:55 +0000] [12] [ERROR] Worker (pid:13) exited with code 3", "ERROR"],
    ["[2025-09-16 01:41:01 +0000] [12] [INFO] Starting gunicorn 23.0.0", "INFO"],
    ["Traceback (most recent call last):\n  File \"x.py\", line 1", "ERROR"],
    ["During handling of the above exception, another exception occurred:", "ERROR"],
    ["2025-01-01 10:00:00.123 | ERROR    | app.db:connect:42 - timeout", "ERROR"],
    ["2025-01-01 10:00:00.123 | SUCCESS  | app:main:1 - ready", "INFO"],
    ["ERROR:root:could not connect", "ERROR"],
    ["time=2025-01-01T00:00:00Z level=warn msg=slow", "WARNING"],
    ["TypeError: Cannot read properties of undefined (reading 'x')\n    at f (/app/a.js:1:1)", "ERROR"],
    ["panic: runtime error: index out of range", "CRITICAL"],
    ['{"level":"error","msg":"boom"}', "ERROR"],
    ["2025-01-01 10:00:00 WARN [main] disk almost full", "WARNING"],
  ])("%s -> %s", (text, expected) => {
    expect(inferSeverity(text)).toBe(expected);
  });

  it.each([
    "Backend Service: Running in staging - skipping .env file loading (using GSM)",
    "the user typed error in the form",
    "Retrying after an error occurred",
  ])("states no severity: %s", (text) => {
    expect(inferSeverity(text)).toBeUndefined();
  });

  it("reads a structured level field, including pino's numbers", () => {
    expect(inferSeverity("x", { level: 50 })).toBe("ERROR");
    expect(inferSeverity("x", { levelname: "warning" })).toBe("WARNING");
    expect(inferSeverity("x", { severity: "" })).toBeUndefined();
  });
});
