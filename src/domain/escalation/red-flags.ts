/**
 * Red flags: signs that the risk to the children has grown and the worker must not wait for the next
 * review (seed 003, "know when to escalate"; seed 004 sections 6 and 11: non-engagement, moving to
 * shake off agencies, the person causing harm back in the home). In our own words. Each is recorded on
 * the case by the worker; the area decides which of them raise an escalation on their own (the family
 * moving or going missing and a breach of an order, unless changed). Missed appointments and visits with
 * no access are not recorded here: they are visits (domain/casework/visits.ts), and counted by the rules.
 */
export const RED_FLAGS = [
  { code: 'family-moved', label: 'The family has moved, or is about to', hint: 'A move, perhaps to another area, can be a way to lose the agencies working with the family.' },
  { code: 'family-missing', label: 'The family cannot be found', hint: 'Nobody knows where the children are living now.' },
  { code: 'order-breached', label: 'A court order or bail condition has been breached', hint: 'For example the person causing harm came to the home or contacted the victim.' },
  { code: 'harmer-back-home', label: 'The person causing harm is at the home again', hint: 'Seen at the home, or living there, when the parents were said to have separated.' },
  { code: 'prohibited-contact', label: 'Contact with a child that is not allowed', hint: 'The person causing harm saw or contacted a child against an order or the plan.' },
  { code: 'access-blocked', label: 'The person causing harm is keeping agencies away', hint: 'Answering calls for the victim, cancelling appointments, speaking for her or the children.' },
  { code: 'child-presentation-changed', label: 'A child seems different', hint: 'Frightened, withdrawn, anxious or behaving differently at home, school or nursery.' },
  { code: 'victim-fearful', label: 'The victim seems frightened or has changed', hint: 'More anxious, guarded or afraid than before.' },
  { code: 'injury', label: 'An injury to a child or the victim', hint: 'Seen by a worker, or taken to a doctor, a walk-in centre or hospital.' },
  { code: 'victim-withdrew', label: 'The victim has stopped working with her support', hint: 'She ended contact with the IDVA or another domestic abuse service.' },
  { code: 'not-engaging', label: 'The family is not engaging', hint: 'Agreeing to help but not taking it up, or refusing it outright.' },
  { code: 'pressures-increased', label: 'New pressures on the family', hint: 'Money worries, losing a job or a home, or a change in who earns that shifts the balance of power.' },
] as const;

export type RedFlagCode = (typeof RED_FLAGS)[number]['code'];
export const RED_FLAG_CODES: readonly RedFlagCode[] = RED_FLAGS.map((f) => f.code);

export const RED_FLAG_LABELS = Object.fromEntries(RED_FLAGS.map((f) => [f.code, f.label])) as Record<RedFlagCode, string>;

export function isRedFlag(value: unknown): value is RedFlagCode {
  return typeof value === 'string' && (RED_FLAG_CODES as readonly string[]).includes(value);
}
