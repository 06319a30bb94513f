import { createHash } from "node:crypto";

/** Short, stable hex digest for keys that must survive restarts (16 hex = 64 bits: no collisions at our scale). */
export function stableHash(text: string, hexChars = 16): string {
  return createHash("sha256").update(text).digest("hex").slice(0, hexChars);
}
