import { accessSync, constants, readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import type { CredentialEnv } from "../config/credentialEnv.js";
import { UserError } from "../util/userError.js";
import { callingGoogle, environmentMessage, type ApiContext } from "./environmentError.js";

/** Where the credentials of a call will come from, found without touching the network. */
export type CredentialSource =
  | { kind: "file"; path: string; from: "GOOGLE_APPLICATION_CREDENTIALS" | "gcloud application-default login" }
  | { kind: "metadata"; why: string }
  | { kind: "none" };

/** What the machine is, for the same residency test google-auth-library makes (BIOS vendor, GCE's MAC prefix). */
export interface MachineProbe {
  readable(path: string): boolean;
  onComputeEngine(): boolean;
}

export const realMachine: MachineProbe = {
  readable(path) {
    try {
      accessSync(path, constants.R_OK);
      return true;
    } catch (err) {
      void err; // unreadable or absent: either way, not a source
      return false;
    }
  },
  onComputeEngine() {
    try {
      if (/Google/.test(readFileSync("/sys/class/dmi/id/bios_vendor", "utf8"))) return true;
    } catch (err) {
      void err; // not Linux, or no DMI: fall through to the MAC test
    }
    return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => /^42:01/.test(i.mac)));
  },
};

/**
 * The source google-auth-library would use, in its order: GOOGLE_APPLICATION_CREDENTIALS, gcloud's
 * application-default file, then the metadata server of Google Cloud. The library finds out that there
 * is no metadata server by trying to reach it; this says "none" without trying when the machine is not
 * on Google Cloud (or METADATA_SERVER_DETECTION=none says not to use it).
 */
export function findCredentialSource(env: CredentialEnv, machine: MachineProbe = realMachine): CredentialSource {
  if (env.credentialsFile) return { kind: "file", path: env.credentialsFile, from: "GOOGLE_APPLICATION_CREDENTIALS" };
  if (env.gcloudConfigDir) {
    const adc = join(env.gcloudConfigDir, "application_default_credentials.json");
    if (machine.readable(adc)) return { kind: "file", path: adc, from: "gcloud application-default login" };
  }
  switch (env.metadataDetection) {
    case "none":
      return { kind: "none" };
    case "assume-present":
    case "ping-only":
      return { kind: "metadata", why: `METADATA_SERVER_DETECTION=${env.metadataDetection}` };
  }
  if (env.metadataHost) return { kind: "metadata", why: "GCE_METADATA_HOST is set" };
  if (env.serverless) return { kind: "metadata", why: "running on Cloud Run or Cloud Functions" };
  if (machine.onComputeEngine()) return { kind: "metadata", why: "running on Compute Engine" };
  return { kind: "none" };
}

/** The part of google-auth-library's GoogleAuth this needs (the clients expose theirs). */
export interface AuthLike {
  getClient(): Promise<{ getAccessToken(): Promise<unknown> }>;
}

/**
 * Before the first call to a Google API: stops with one line when there are no credentials (without
 * touching the network), or when the credentials found are refused (an access token is fetched, which
 * the first call would do anyway and which the client then reuses).
 */
export async function checkGoogleCredentials(auth: AuthLike, env: CredentialEnv | undefined, at: ApiContext, machine: MachineProbe = realMachine): Promise<void> {
  if (env) {
    const source = findCredentialSource(env, machine);
    if (source.kind === "none") throw new UserError(environmentMessage({ kind: "no-credentials", detail: "" }, at));
    if (source.kind === "file" && source.from === "GOOGLE_APPLICATION_CREDENTIALS" && !machine.readable(source.path)) {
      throw new UserError(environmentMessage({ kind: "credentials-file", detail: `GOOGLE_APPLICATION_CREDENTIALS=${source.path} does not exist or cannot be read` }, at));
    }
  }
  await callingGoogle(at, async () => {
    const client = await auth.getClient();
    await client.getAccessToken();
  });
}
