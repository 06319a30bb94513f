// Validates GitHub REST requests against the OpenAPI fixture, one JSON line in, one out.
// A separate plain-Node process because openapi-backend require()s an ES module, which Node 20.19+
// allows but Jest's module runtime does not. Started and stopped by githubOpenapiValidator.ts.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import addFormats from "ajv-formats";
import { OpenAPIBackend } from "openapi-backend";

const api = new OpenAPIBackend({
  definition: JSON.parse(readFileSync(process.argv[2], "utf8")),
  strict: true,
  validate: true,
  quick: false,
  customizeAjv: (ajv) => {
    addFormats(ajv);
    return ajv;
  },
});
await api.init();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const { id, request } = JSON.parse(line);
  let out;
  try {
    const op = api.matchOperation(request);
    if (!op) out = { id, operationId: null, valid: false, errors: "no such operation in the OpenAPI description" };
    else {
      const v = api.validateRequest(request, op);
      const parsed = api.router.parseRequest(request, op);
      out = { id, operationId: op.operationId, valid: v.valid, errors: v.errors ?? null, params: parsed.params };
    }
  } catch (err) {
    out = { id, operationId: null, valid: false, errors: `validator failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
