/**
 * Where Application Default Credentials may come from, read once from the environment at the edge
 * (the same variables google-auth-library reads), so that the absence of all of them can be told
 * before any client library goes looking on the network.
 */
export interface CredentialEnv {
  /** GOOGLE_APPLICATION_CREDENTIALS, when set. */
  credentialsFile?: string;
  /** Where gcloud keeps `application_default_credentials.json`: $HOME/.config/gcloud, or %APPDATA%\gcloud on Windows. */
  gcloudConfigDir?: string;
  /** Running on Cloud Run, Cloud Functions or a Cloud Run job (K_SERVICE, FUNCTION_NAME, CLOUD_RUN_JOB): the metadata server is there. */
  serverless: boolean;
  /** METADATA_SERVER_DETECTION as google-auth-library reads it: assume-present, none, bios-only, ping-only. */
  metadataDetection?: string;
  /** GCE_METADATA_HOST / GCE_METADATA_IP: a metadata server somewhere else (an emulator). */
  metadataHost?: string;
}

export function credentialEnvOf(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): CredentialEnv {
  const out: CredentialEnv = { serverless: Boolean(env.K_SERVICE || env.FUNCTION_NAME || env.CLOUD_RUN_JOB) };
  const file = env.GOOGLE_APPLICATION_CREDENTIALS || env.google_application_credentials;
  if (file) out.credentialsFile = file;
  const base = platform === "win32" ? env.APPDATA : env.HOME ? `${env.HOME}/.config` : undefined;
  if (base) out.gcloudConfigDir = `${base}/gcloud`;
  const detection = env.METADATA_SERVER_DETECTION?.trim().toLowerCase();
  if (detection) out.metadataDetection = detection;
  const host = env.GCE_METADATA_HOST || env.GCE_METADATA_IP;
  if (host) out.metadataHost = host;
  return out;
}
