import { formatReadProgress, type ReadProgress } from "../shared/util/readProgress.js";

/** Least time between two redraws of the bar: a terminal needs no more, and writes cost. */
const REDRAW_MS = 100;

/**
 * Progress on a terminal: the read's bar on one line redrawn in place (`\r`, erase to the end of the
 * line), and messages printed above it as whole lines. Only for a terminal: elsewhere (a file, a
 * pipe, CI) the CLI prints today's plain lines.
 */
export interface TerminalProgress {
  /** A plain progress message: the bar is cleared, the line printed, the bar redrawn at the next update. */
  message(m: string): void;
  /** The read's position: drawn at once, then at most every REDRAW_MS. */
  read(p: ReadProgress): void;
  /** Clears the bar (before an error line, or at the end). */
  clear(): void;
}

export function terminalProgress(write: (text: string) => void, now: () => number = () => performance.now()): TerminalProgress {
  let shown = false;
  let lastDraw = -Infinity;
  const clear = () => {
    if (shown) write("\r\x1b[K");
    shown = false;
  };
  return {
    message(m) {
      clear();
      write(`log-gardener: ${m}\n`);
      lastDraw = -Infinity;
    },
    read(p) {
      // A read ends with the pass's "read N entries" line, which replaces the bar: a skipped last frame loses nothing.
      const t = now();
      if (t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      write(`\r${formatReadProgress(p)}\x1b[K`);
      shown = true;
    },
    clear,
  };
}
