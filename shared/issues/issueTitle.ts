import type { Incident } from "../analysis/analyze.js";

/** GitHub allows 256 characters in a title; keep well under so it reads in a list. */
const MAX_TITLE_CHARS = 120;

/** `[P1] <service>: <summary>` */
export function issueTitle(service: string, incident: Incident): string {
  const t = `[${incident.priority}] ${service}: ${incident.title.replace(/\s+/g, " ")}`;
  return t.length > MAX_TITLE_CHARS ? `${t.slice(0, MAX_TITLE_CHARS - 1)}…` : t;
}
