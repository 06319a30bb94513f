import { describe, expect, it } from "@jest/globals";
import { findCredentialSource, type MachineProbe } from "../../shared/adapters/googleCredentials.js";
import { credentialEnvOf } from "../../shared/config/credentialEnv.js";

/**
 * Where credentials would come from, decided without the network: the order google-auth-library
 * uses (GOOGLE_APPLICATION_CREDENTIALS, gcloud's application-default file, the metadata server), and
 * "none" on a machine that is not on Google Cloud, which the library itself would only learn by trying
 * to reach a metadata server. The machine is described to the function (which files are readable,
 * whether it is a Compute Engine machine) instead of read from this one.
 */
const machine = (readable: string[], gce = false): MachineProbe => ({ readable: (p) => readable.includes(p), onComputeEngine: () => gce });

describe("findCredentialSource", () => {
  it("a laptop with nothing set up: none, whatever else is in the environment", () => {
    expect(findCredentialSource(credentialEnvOf({ HOME: "/home/u", PATH: "/bin" }, "linux"), machine([]))).toEqual({ kind: "none" });
    expect(findCredentialSource(credentialEnvOf({}, "linux"), machine([]))).toEqual({ kind: "none" });
  });

  it("GOOGLE_APPLICATION_CREDENTIALS first, even when gcloud has a login too", () => {
    const env = credentialEnvOf({ HOME: "/home/u", GOOGLE_APPLICATION_CREDENTIALS: "/k.json" }, "linux");
    expect(findCredentialSource(env, machine(["/home/u/.config/gcloud/application_default_credentials.json"]))).toEqual({ kind: "file", path: "/k.json", from: "GOOGLE_APPLICATION_CREDENTIALS" });
  });

  it("gcloud's application-default login, under HOME on Linux and macOS and APPDATA on Windows", () => {
    expect(findCredentialSource(credentialEnvOf({ HOME: "/home/u" }, "linux"), machine(["/home/u/.config/gcloud/application_default_credentials.json"]))).toEqual({
      kind: "file",
      path: "/home/u/.config/gcloud/application_default_credentials.json",
      from: "gcloud application-default login",
    });
    expect(findCredentialSource(credentialEnvOf({ APPDATA: "C:/Users/u/AppData/Roaming" }, "win32"), machine(["C:/Users/u/AppData/Roaming/gcloud/application_default_credentials.json"])).kind).toBe("file");
  });

  it("the metadata server on Google Cloud: Cloud Run and Functions by their variables, Compute Engine by the machine", () => {
    expect(findCredentialSource(credentialEnvOf({ K_SERVICE: "log-gardener" }, "linux"), machine([])).kind).toBe("metadata");
    expect(findCredentialSource(credentialEnvOf({ CLOUD_RUN_JOB: "j" }, "linux"), machine([])).kind).toBe("metadata");
    expect(findCredentialSource(credentialEnvOf({}, "linux"), machine([], true)).kind).toBe("metadata");
    expect(findCredentialSource(credentialEnvOf({ GCE_METADATA_HOST: "127.0.0.1:8080" }, "linux"), machine([])).kind).toBe("metadata");
  });

  it("METADATA_SERVER_DETECTION as google-auth-library reads it: none wins over the machine, assume-present over its absence", () => {
    expect(findCredentialSource(credentialEnvOf({ METADATA_SERVER_DETECTION: "none", K_SERVICE: "x" }, "linux"), machine([], true))).toEqual({ kind: "none" });
    expect(findCredentialSource(credentialEnvOf({ METADATA_SERVER_DETECTION: "Assume-Present" }, "linux"), machine([])).kind).toBe("metadata");
  });
});
