/**
 * Deterministic randomness for synthetic data: a small, fast generator and the draws the rest of the
 * generator makes with it. Item `serial` of a seed always gets the same stream, so any family can be
 * made again without making the ones before it.
 */
export type Rng = () => number;

/** mulberry32: a small, fast 32-bit PRNG, good enough for test data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An independent generator for item `serial` of a seed. */
export function rngFor(seed: number, serial: number): Rng {
  return mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(serial + 1, 0xc2b2ae35));
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** Favours the front of a list (the commoner names): the first of 60 comes about one time in 19. */
export const skewed = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() ** 1.4 * items.length)]!;

/** True with probability p. */
export const chance = (rng: Rng, p: number): boolean => rng() < p;

/** A whole number from min to max, both included. */
export const between = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

/** One of the choices, each as likely as its weight. */
export function weighted<T>(rng: Rng, choices: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of choices) total += w;
  let r = rng() * total;
  for (const [value, w] of choices) if ((r -= w) < 0) return value;
  return choices[choices.length - 1]![0];
}

/** A draw from an exponential distribution with this mean. */
export const exponential = (rng: Rng, mean: number): number => -Math.log(1 - rng()) * mean;

/** `count` distinct items of the list, in list order. */
export function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const chosen = new Set<number>();
  const n = Math.min(count, items.length);
  while (chosen.size < n) chosen.add(Math.floor(rng() * items.length));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
}
