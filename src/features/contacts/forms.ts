import { z } from 'zod';
import { DA_SERVICE_REFERRALS, PATHWAYS } from '../../domain/contacts/contact.js';
import type { Pathway } from '../../domain/triage/threshold.js';
import { asList } from '../../platform/http/forms.js';
import { UUID } from './contact-page.js';
import { indicatorsInput } from './schemas.js';

/**
 * The forms of the contact pages and the import page, one schema each. Rules that need the contact or
 * the database (an unknown indicator, a contact already decided) stay in the service.
 */

const REASON_MAX = 5000;

const isPathway = (v: unknown): v is Pathway => typeof v === 'string' && (PATHWAYS as string[]).includes(v);

/** A reason typed in a box: trimmed, required, at most 5,000 characters. */
const reason = (missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(REASON_MAX, 'Write 5,000 characters or fewer');

const chooseRecord = 'Choose a record from the list';

/** Linking a person on the contact to one of the records proposed for them. */
export const linkForm = z.object({ personId: z.string({ error: chooseRecord }).regex(UUID, chooseRecord) });

/** Removing a mistaken link: why it was wrong, kept with the contact's history. */
export const unlinkForm = z.object({ reason: reason('Say why this is the wrong record') });

/** Searching for a person's record by name when the right one was not proposed. */
export const recordSearchForm = z.object({
  name: z.string({ error: 'Enter a name to search for' }).trim().min(1, 'Enter a name to search for').max(200, 'The name must be 200 characters or fewer'),
});

/** Adding a new record for a person on the contact, after the check: the button is the whole form. */
export const addPersonForm = z.object({});

/** Giving the contact to a MASH worker, or to nobody (back in the queue): chosen on purpose. */
export const assignForm = z.object({
  assignee: z.string({ error: 'Choose who will work on this contact' }).refine((v) => v === 'nobody' || UUID.test(v), 'Choose who will work on this contact'),
});

/** Sending the worker's recommendation back: what to look at again. */
export const sendBackForm = z.object({ comment: reason('Say what the worker should look at again') });

/** The threshold indicators ticked: the same list rule as the API's. */
export const indicatorsForm = z.object({ indicators: z.preprocess(asList, indicatorsInput.shape.indicators) });

/** The MASH worker's recommendation to the manager, sent with the indicators ticked in the same form. */
export const recommendationForm = z.object({
  indicators: z.preprocess(asList, indicatorsInput.shape.indicators),
  pathway: z.custom<Pathway>(isPathway, 'Choose what you recommend'),
  reason: reason('Give the reason for your recommendation'),
});

/**
 * The MASH manager's threshold decision. A missing reason is asked for more pointedly when the
 * decision chosen differs from the worker's recommendation.
 */
export function decisionForm(recommended: string | undefined, chosen: unknown) {
  const differs = Boolean(recommended) && typeof chosen === 'string' && chosen !== '' && chosen !== recommended;
  return z.object({
    pathway: z.custom<Pathway>(isPathway, 'Choose your decision'),
    reason: reason(differs ? 'Give the reason for deciding differently from the recommendation' : 'Give the reason for the decision'),
    daServiceReferral: z.enum(DA_SERVICE_REFERRALS, { error: 'Choose where the victim is referred, or no referral' }),
    checkMarac: z.enum(['yes', 'no'], { error: 'Say whether the Marac criteria need checking' }).transform((v) => v === 'yes'),
    // Whether a team is needed depends on the decision and the children's case: the service checks it.
    teamId: z.string().optional().transform((v) => (v ? v : null)),
  });
}

/** An uploaded file as the multipart plugin hands it to the route (read into memory, at most 10 MB). */
export interface Upload {
  filename: string;
  mimetype: string;
  data: Buffer;
  tooLarge: boolean;
}

/** What browsers send as the type of a .csv file (Excel on Windows says vnd.ms-excel). */
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/x-csv', 'application/vnd.ms-excel', 'text/plain', 'application/octet-stream', '']);

const selectFile = 'Select a CSV file of police notifications';

function isUpload(value: unknown): value is Upload {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as Upload).data);
}

/** What is wrong with the upload, in the order a person would fix it; null when it can go to the import. */
function uploadProblem(upload: unknown): string | null {
  if (!isUpload(upload) || (upload.filename === '' && upload.data.length === 0)) return selectFile;
  if (upload.tooLarge) return 'The selected file must be smaller than 10 MB';
  if (!/\.csv$/i.test(upload.filename) || !CSV_TYPES.has(upload.mimetype.toLowerCase())) return 'The selected file must be a CSV';
  if (upload.data.length === 0) return 'The selected file is empty';
  return null;
}

/** The CSV file of police notifications. Whether its rows can be imported is the import service's to say. */
export const importForm = z.object({
  file: z.unknown().transform((value, ctx): Upload => {
    const problem = uploadProblem(value);
    if (problem !== null || !isUpload(value)) {
      ctx.addIssue({ code: 'custom', message: problem ?? selectFile });
      return z.NEVER;
    }
    return value;
  }),
});
