/** "2025-09-16T01:42:58.995Z" -> "2025-09-16 01:42:58 UTC" */
export function utc(iso: string | number): string {
  const d = typeof iso === "number" ? new Date(iso) : new Date(iso);
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

export function num(n: number): string {
  return n.toLocaleString("en-US");
}

/** 7_260_000 -> "2 h 1 min"; 59_000 -> "59 s" */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ""}`;
  const h = Math.floor(m / 60);
  return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
}
