/** Bounds that keep event assembly flat in memory whatever the input. */
export interface StitchLimits {
  /**
   * Longest pause between two lines of one event. The platform writes the parts of one Python
   * traceback chain within the same millisecond and gunicorn's exit lines within a few; 1 s leaves room
   * for a slow flush without joining separate events (a restart cycle takes seconds).
   */
  gapMs: number;
  /**
   * Longest pause between two lines of one print (an object dump, a field list, a table, an indented
   * continuation) when only the shape of the lines joins them. One print reaches the platform as one
   * write: its lines are microseconds apart in the real exports (4 µs in a Flask URL map, 20 µs
   * between a Python warning and its source line, 14 µs in Django's migrate output); 50 ms leaves
   * room for a slow pipe while separate log calls are told apart by their shape.
   */
  printBurstMs: number;
  /** Lines of one event; a traceback of 40 frames split per line fits with room to spare. */
  maxParts: number;
  /** Lines held per instance and stream before they are assembled regardless (counted as a forced flush). */
  maxBufferedPerStream: number;
  /** Lines held over all instances; past it the least recently touched buffer is assembled. */
  maxBufferedTotal: number;
  /** Instance streams buffered at once; past it the least recently touched is assembled. */
  maxStreams: number;
}

export const DEFAULT_STITCH_LIMITS: StitchLimits = {
  gapMs: 1000,
  printBurstMs: 50,
  maxParts: 400,
  maxBufferedPerStream: 1000,
  maxBufferedTotal: 20_000,
  maxStreams: 2000,
};
