/**
 * Values of an instance's `step` that one controller writes and another acts on. They
 * live here because controllers never import each other: the lease controller (or the
 * API's renewal) asks, the instance controller does.
 */

/** On a 'leased' instance (set with the move stopped -> leased): start its server again. */
export const RESTART_STEP = 'restart';
