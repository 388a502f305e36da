import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formErrors, type FormErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { NOTIFICATION_COLUMNS } from './import-columns.js';
import { MAX_UPLOAD_BYTES, type ImportJobView, type NotificationImportService } from './import-service.js';

/** An uploaded file as the multipart plugin hands it to the route (read into memory, at most 10 MB). */
interface Upload {
  filename: string;
  mimetype: string;
  data: Buffer;
  tooLarge: boolean;
}

/** What browsers send as the type of a .csv file (Excel on Windows says vnd.ms-excel). */
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/x-csv', 'application/vnd.ms-excel', 'text/plain', 'application/octet-stream', '']);

function isUpload(value: unknown): value is Upload {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as Upload).data);
}

/**
 * Reads the one file of an upload into memory. The whole body is read before the CSRF check (so
 * that the form's _csrf field is there to check); only the import page takes a file.
 */
async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
  if (this.routeOptions.url !== paths.contacts.import) {
    part.file.resume();
    throw Object.assign(new Error('This page does not take files'), { statusCode: 415 });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  const upload: Upload = { filename: part.filename, mimetype: part.mimetype, data: Buffer.concat(chunks), tooLarge: part.file.truncated };
  (part as unknown as { value: Upload }).value = upload;
}

function uploadProblem(upload: Upload | null): string | null {
  if (!upload || (upload.filename === '' && upload.data.length === 0)) return 'Select a CSV file of police notifications';
  if (upload.tooLarge) return 'The selected file must be smaller than 10 MB';
  if (!/\.csv$/i.test(upload.filename) || !CSV_TYPES.has(upload.mimetype.toLowerCase())) return 'The selected file must be a CSV';
  if (upload.data.length === 0) return 'The selected file is empty';
  return null;
}

/** How far a job has got, for the progress bar: a whole percentage. */
function percent(job: ImportJobView): number {
  if (job.status !== 'running') return 100;
  if (!job.total) return 0;
  return Math.min(100, Math.floor((job.rowsProcessed / job.total) * 100));
}

export async function importRoutes(router: Router, app: FastifyInstance, imports: NotificationImportService): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    onFile,
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
  });

  const showUpload = (errors?: FormErrors) => ({ errors, errorSummary: errors?.summary, columns: NOTIFICATION_COLUMNS });

  router.page({
    method: 'GET',
    url: paths.contacts.import,
    permission: 'contact:record',
    pageName: 'contacts-import',
    handler: async (_request, reply) => reply.view('import-upload.njk', showUpload()),
  });

  router.page({
    method: 'POST',
    url: paths.contacts.import,
    permission: 'contact:record',
    pageName: 'contacts-import',
    handler: async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const upload = isUpload(body.file) ? body.file : null;
      const problem = uploadProblem(upload);
      if (problem || !upload) return reply.code(400).view('import-upload.njk', showUpload(formErrors({ file: problem ?? 'Select a CSV file of police notifications' })));
      const result = await attempt(reply, () => imports.startUpload(request.user!, upload.filename, upload.data, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return reply.code(result.status).view('import-upload.njk', showUpload(result.errors));
      return reply.redirect(paths.contacts.importJob(result.value), 303);
    },
  });

  router.page({
    method: 'GET',
    url: paths.contacts.importJob(),
    permission: 'contact:record',
    pageName: 'contacts-import-job',
    handler: async (request, reply) => {
      const { jobId } = request.params as { jobId: string };
      const job = await imports.job(request.user!, jobId);
      if (!job) return reply.code(404).view('errors/404.njk');
      const n = (v: number | null) => (v === null ? 'not yet counted' : v.toLocaleString('en-GB'));
      const rows = { total: n(job.total), processed: n(job.rowsProcessed), created: n(job.created), duplicates: n(job.duplicates), rejected: n(job.rejected) };
      return reply.view('import-job.njk', { job, rows, percent: percent(job) });
    },
  });
}
