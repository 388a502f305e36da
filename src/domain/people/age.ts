import type { PlainDate } from '../calendar/plain-date.js';

/** Whole years between a date of birth and a day (a birthday on 29 February counts from 1 March). */
export function ageOn(dateOfBirth: PlainDate, day: PlainDate): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}
