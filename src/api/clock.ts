/** The API's only clock: the time a request is handled at. Injected so tests fix it. */
export interface ApiClock {
  now(): number;
}

export const systemClock: ApiClock = { now: () => Date.now() };
