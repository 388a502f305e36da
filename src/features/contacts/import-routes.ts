import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { acceptsFiles, takesFiles } from '../../platform/http/uploads.js';
import { userOf } from './contact-page.js';
import { importForm, type Upload } from './forms.js';
import { NOTIFICATION_COLUMNS } from './import-columns.js';
import { MAX_UPLOAD_BYTES, type ImportJobView, type NotificationImportService } from './import-service.js';

/**
 * Reads the one file of an upload into memory. The whole body is read before the CSRF check (so
 * that the form's _csrf field is there to check); only the pages named with takesFiles take a file
 * (this import, and a notice's photograph).
 */
async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
  if (!acceptsFiles(this.routeOptions.url)) {
    part.file.resume();
    throw Object.assign(new Error('This page does not take files'), { statusCode: 415 });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  const upload: Upload = { filename: part.filename, mimetype: part.mimetype, data: Buffer.concat(chunks), tooLarge: part.file.truncated };
  (part as unknown as { value: Upload }).value = upload;
}

/** How far a job has got, for the progress bar: a whole percentage. */
function percent(job: ImportJobView): number {
  if (job.status !== 'running') return 100;
  if (!job.total) return 0;
  return Math.min(100, Math.floor((job.rowsProcessed / job.total) * 100));
}

export async function importRoutes(router: Router, app: FastifyInstance, imports: NotificationImportService): Promise<void> {
  takesFiles(paths.contacts.import);
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    onFile,
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
  });

  formPage(router, {
    url: paths.contacts.import,
    permission: 'contact:record',
    pageName: 'contacts-import',
    template: 'import-upload.njk',
    schema: importForm,
    load: async () => NOTIFICATION_COLUMNS,
    view: (columns) => ({ columns }),
    submit: async (form, _columns, request) => {
      const jobId = await imports.startUpload(userOf(request), form.file.filename, form.file.data, request.id);
      return { to: paths.contacts.importJob(jobId) };
    },
  });

  router.page({
    method: 'GET',
    url: paths.contacts.importJob(),
    permission: 'contact:record',
    pageName: 'contacts-import-job',
    handler: async (request, reply) => {
      const { jobId } = request.params as { jobId: string };
      const job = await imports.job(userOf(request), jobId);
      if (!job) return reply.code(404).view('errors/404.njk');
      const n = (v: number | null) => (v === null ? 'not yet counted' : v.toLocaleString('en-GB'));
      const rows = { total: n(job.total), processed: n(job.rowsProcessed), created: n(job.created), duplicates: n(job.duplicates), rejected: n(job.rejected) };
      return reply.view('import-job.njk', { job, rows, percent: percent(job) });
    },
  });
}
