import { createServer } from "node:net";
import { describe, expect, it } from "@jest/globals";
import { environmentError } from "../../shared/adapters/environmentError.js";
import { UserError } from "../../shared/util/userError.js";

/**
 * The network cases the CLI test cannot meet without an endpoint override (a Google host name that
 * resolves but where nothing answers): the error is a real one, from Node's own fetch to a closed
 * port on loopback, with the system error as its cause, as the client libraries get it.
 */
async function refusedFetch(): Promise<unknown> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 1;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  try {
    await fetch(`http://127.0.0.1:${port}/storage/v1/b/acme/o`);
  } catch (err) {
    return err;
  }
  throw new Error("a closed port answered");
}

describe("environmentError", () => {
  it("a refused connection, found in the cause chain: one line naming the API and how to check the connection", async () => {
    const err = await refusedFetch();
    const user = environmentError(err, { api: "Cloud Storage", service: "storage.googleapis.com", bucket: "acme" });
    expect(user).toBeInstanceOf(UserError);
    expect(user?.message).toMatch(/^cannot connect to Cloud Storage \(ECONNREFUSED 127\.0\.0\.1:\d+\): no network, or a firewall or proxy in the way: check the connection with `curl -sSI https:\/\/storage.googleapis.com`$/);
    expect(user?.message).not.toContain("\n");
    expect(user?.cause).toBe(err);
  });

  it("anything that is not the environment's is left alone (a bug stays a bug)", () => {
    expect(environmentError(new TypeError("Cannot read properties of undefined (reading 'x')"), { api: "Cloud Logging", service: "logging.googleapis.com" })).toBeUndefined();
    expect(environmentError(Object.assign(new Error("3 INVALID_ARGUMENT: bad filter"), { code: 3 }), { api: "Cloud Logging", service: "logging.googleapis.com" })).toBeUndefined();
  });
});
