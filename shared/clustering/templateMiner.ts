import { maskVariables } from "./maskVariables.js";

/** Message-level clustering for the `cluster` command: one id per template. */
export interface TemplateMiner {
  /** Adds one message; returns its cluster id. */
  add(message: string): number;
  /** The cluster's template as it stands now (it may have generalised since a message was added). */
  template(id: number): string;
  size(): number;
}

export function createTemplateMiner(): TemplateMiner {
  const ids = new Map<string, number>();
  const templates: string[] = [];
  return {
    add(message) {
      const t = maskVariables(message.trim());
      let id = ids.get(t);
      if (id === undefined) {
        id = templates.length;
        templates.push(t);
        ids.set(t, id);
      }
      return id;
    },
    template: (id) => templates[id] ?? "",
    size: () => templates.length,
  };
}
