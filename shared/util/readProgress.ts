/** How far a read has got, for a progress display. */
export interface ReadProgress {
  /** Items read so far (entries, or shapes standing for many). */
  entries: number;
  /** Bytes of the input read so far, when the source reads a file or a stream. */
  bytesRead?: number;
  /** The input's size, when known (a file; not stdin or a cloud read). */
  bytesTotal?: number;
  /** Since the read began. */
  elapsedMs: number;
}

/** Width of the bar itself, in characters. */
const BAR_CHARS = 24;

/**
 * One line for a terminal: `[#########...............]  37%  389 MB of 1.05 GB  61,200 entries/s  0:09 left`.
 * Without a known size there is no bar and no time left, only what was read and the rate.
 */
export function formatReadProgress(p: ReadProgress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(p.entries / seconds) : 0;
  const parts: string[] = [];
  const total = p.bytesTotal;
  const read = p.bytesRead;
  if (total !== undefined && total > 0 && read !== undefined) {
    const share = Math.min(1, read / total);
    const filled = Math.round(share * BAR_CHARS);
    parts.push(`[${"#".repeat(filled)}${".".repeat(BAR_CHARS - filled)}]`, `${String(Math.floor(share * 100)).padStart(3)}%`, `${bytes(read)} of ${bytes(total)}`);
  } else if (read !== undefined) parts.push(`${bytes(read)} read`);
  parts.push(`${p.entries.toLocaleString("en-US")} entries`, `${rate.toLocaleString("en-US")} entries/s`);
  if (total !== undefined && total > 0 && read !== undefined && read > 0 && read < total && seconds > 0) {
    parts.push(`${clock(((total - read) * seconds) / read)} left`);
  }
  return parts.join("  ");
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 ** 3) return `${Math.round(n / 1024 ** 2)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function clock(seconds: number): string {
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
