/** Lines cut from a byte stream, and what had to be cut off them. */
export interface LineSplitter {
  /** Feeds one chunk; calls `onLine` for every complete line in it. */
  push(chunk: Uint8Array): void;
  /** Ends the stream: the last line, if it had no newline. */
  end(): void;
  /** Lines longer than the byte bound (their tail was dropped). */
  truncated(): number;
}

/**
 * Splits a byte stream on `\n` without ever holding more than `maxLineBytes` of one line: the rest
 * of a longer line is skipped up to its newline and the line counted as truncated. Bytes are decoded
 * as UTF-8 with invalid sequences replaced (U+FFFD), never rejected.
 */
export function createLineSplitter(maxLineBytes: number, onLine: (line: string) => void): LineSplitter {
  let carry: Buffer | undefined;
  let skipping = false;
  let truncated = 0;
  const emit = (buf: Buffer, start: number, end: number) => {
    let e = end;
    if (e > start && buf[e - 1] === 13) e--; // CRLF
    onLine(buf.toString("utf8", start, e));
  };
  return {
    push(input) {
      const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
      let pos = 0;
      const firstNl = chunk.indexOf(10);
      if (skipping) {
        if (firstNl < 0) return;
        skipping = false;
        pos = firstNl + 1;
      } else if (carry) {
        if (firstNl < 0) {
          const room = maxLineBytes - carry.length;
          if (chunk.length > room) {
            carry = Buffer.concat([carry, chunk.subarray(0, Math.max(0, room))]);
            skipping = true;
            truncated++;
            emit(carry, 0, carry.length);
            carry = undefined;
          } else carry = Buffer.concat([carry, chunk]);
          return;
        }
        const room = maxLineBytes - carry.length;
        const joined = Buffer.concat([carry, chunk.subarray(0, Math.min(firstNl, Math.max(0, room)))]);
        if (firstNl > room) truncated++;
        carry = undefined;
        emit(joined, 0, joined.length);
        pos = firstNl + 1;
      }
      // Whole lines inside this chunk: decoded at once and split, when no line there can be too long.
      const lastNl = chunk.lastIndexOf(10);
      if (lastNl >= pos && lastNl - pos <= maxLineBytes) {
        const lines = chunk.toString("utf8", pos, lastNl).split("\n");
        for (const line of lines) onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
        pos = lastNl + 1;
      }
      let nl = chunk.indexOf(10, pos);
      while (nl >= 0) {
        if (nl - pos > maxLineBytes) {
          truncated++;
          emit(chunk, pos, pos + maxLineBytes);
        } else emit(chunk, pos, nl);
        pos = nl + 1;
        nl = chunk.indexOf(10, pos);
      }
      if (pos < chunk.length) {
        const rest = chunk.length - pos;
        if (rest > maxLineBytes) {
          truncated++;
          emit(chunk, pos, pos + maxLineBytes);
          skipping = true;
        } else carry = Buffer.from(chunk.subarray(pos)); // a copy: the caller may reuse its buffer
      }
    },
    end() {
      if (carry && carry.length) emit(carry, 0, carry.length);
      carry = undefined;
      skipping = false;
    },
    truncated: () => truncated,
  };
}
