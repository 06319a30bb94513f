import { describe, expect, it } from "@jest/globals";
import { exceptionChain } from "../../shared/events/exceptionChain.js";

describe("exceptionChain", () => {
  it("lists a Python chain cause first", () => {
    const text = [
      "Traceback (most recent call last):",
      '  File "/app/a.py", line 1, in f',
      "ModuleNotFoundError: No module named 'x'",
      "During handling of the above exception, another exception occurred:",
      "Traceback (most recent call last):",
      '  File "/app/b.py", line 2, in g',
      "RuntimeError: setup failed: No module named 'x'",
    ].join("\n");
    expect(exceptionChain(text)).toEqual([
      { type: "ModuleNotFoundError", message: "No module named 'x'" },
      { type: "RuntimeError", message: "setup failed: No module named 'x'" },
    ]);
  });

  it("reverses Java's Caused by so that the original cause comes first", () => {
    const text = ["java.lang.IllegalStateException: boot failed", "\tat a.B.c(B.java:1)", "Caused by: java.sql.SQLTimeoutException: timeout", "\tat d.E.f(E.java:2)"].join("\n");
    expect(exceptionChain(text).map((e) => e.type)).toEqual(["java.sql.SQLTimeoutException", "java.lang.IllegalStateException"]);
  });

  it("reads a Node stack and finds nothing in plain text", () => {
    expect(exceptionChain("TypeError: x is not a function\n    at f (/app/a.js:1:2)")).toEqual([{ type: "TypeError", message: "x is not a function" }]);
    expect(exceptionChain("all good")).toEqual([]);
  });
});
