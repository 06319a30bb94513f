export const PRIORITIES = ["P0", "P1", "P2", "P3"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Lower rank = more urgent. */
export const priorityRank = (p: Priority): number => PRIORITIES.indexOf(p);
