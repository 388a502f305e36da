import type { FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { DISCLOSURE_METHOD_LABELS, DISCLOSURE_METHODS, LAWFUL_BASES, LAWFUL_BASIS_LABELS } from '../../domain/documents/disclosure.js';
import { languagesOf } from '../../domain/documents/fill.js';
import { shippedTemplate } from '../../platform/documents/templates.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { idParam, userOf } from '../../platform/http/route-params.js';
import type { CaseOverview } from '../cases/case-page.js';
import type { CaseFrames } from '../cases/frames.js';
import { DATES, disclosureForm, letterForm } from './forms.js';
import { dateInLanguage, languageFor, LETTER_KINDS, letterKind, namesInSentence, type LetterKind } from './letters.js';
import { AUDIENCE_LABELS, AUDIENCE_OF_ROLE, DocumentError, type DocumentsService } from './service.js';

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', cy: 'Cymraeg (Welsh)', pl: 'Polski (Polish)' };
/** Who signs a letter, in its language. */
const TEAM: Record<string, string> = { en: 'Children’s social care', cy: 'Gofal cymdeithasol plant', pl: 'Opieka społeczna nad dziećmi' };

const DONE: Record<string, string> = {
  made: 'The document has been made and kept. Print it or download the PDF, then record when it was sent',
  sent: 'Recorded: when it was sent, to whom, how, and the lawful basis',
};

const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;
const doneOf = (request: FastifyRequest) => {
  const done = query(request).done;
  return typeof done === 'string' ? DONE[done] : undefined;
};

interface LetterLoaded {
  c: CaseOverview;
  kind: LetterKind;
  recipients: Awaited<ReturnType<DocumentsService['recipients']>>;
  corrects: Awaited<ReturnType<DocumentsService['view']>> | null;
}

/** The case's Documents tab, writing a letter, a document as made (print page and PDF), recording that it was sent. */
export function documentsRoutes(router: Router, documents: DocumentsService, frames: CaseFrames): void {
  const loadCase = async (request: FastifyRequest, reply: FastifyReply) => {
    const c = await frames.loadCase(request, reply);
    return 'sent' in c ? new Answered(c.sent) : c;
  };
  const editable = async (request: FastifyRequest, reply: FastifyReply) => {
    const c = await loadCase(request, reply);
    if (!(c instanceof Answered) && !c.mayEdit) throw new DocumentError(403, 'You cannot make documents for this case');
    return c;
  };

  router.page({
    method: 'GET',
    url: paths.cases.documents(),
    permission: 'case:view',
    pageName: 'case-documents',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const list = await documents.list(userOf(request), c.id);
      return frames.renderCase(reply, 'documents-tab.njk', c, 'documents', { c, documents: list, audiences: AUDIENCE_LABELS, success: doneOf(request) });
    },
  });

  router.page({
    method: 'GET',
    url: paths.documents.newLetter(),
    permission: 'case:edit',
    pageName: 'case-new-letter',
    handler: async (request, reply) => {
      const c = await editable(request, reply);
      if (c instanceof Answered) return c.reply;
      return frames.renderCase(reply, 'documents-choose-letter.njk', c, 'documents', { c, kinds: LETTER_KINDS });
    },
  });

  formPage(router, {
    url: paths.documents.writeLetter(),
    permission: 'case:edit',
    pageName: 'case-write-letter',
    template: 'documents-write-letter.njk',
    schema: ({ kind }: LetterLoaded) => letterForm(kind),
    dateInputs: ['meetingDate'],
    load: async (request, reply) => {
      const kind = letterKind((request.params as { template: string }).template);
      if (!kind) return null;
      const c = await editable(request, reply);
      if (c instanceof Answered) return c;
      const user = userOf(request);
      const correctsId = (request.method === 'POST' ? (request.body as Record<string, unknown> | undefined)?.corrects : query(request).corrects) ?? null;
      const corrects = typeof correctsId === 'string' && correctsId ? await documents.view(user, c.id, correctsId) : null;
      const recipients = (await documents.recipients(user, c.id)).filter((r) => kind.roles.includes(r.role));
      return { c, kind, recipients, corrects };
    },
    initial: ({ kind, recipients, corrects }) => {
      const template = shippedTemplate(kind.template);
      const only = recipients.length === 1 ? recipients[0] : undefined;
      const values: Record<string, string | string[]> = { language: languageFor(only?.first_language ?? null, template ? languagesOf(template) : ['en']), recipient: only?.id ?? '' };
      const stored = corrects?.paper.values;
      if (corrects && stored) {
        values.recipient = corrects.document.recipient_person_id ?? '';
        values.language = corrects.document.language;
        for (const f of kind.fields) {
          const v = stored[f.name];
          if (!f.date && v !== undefined) values[f.name] = typeof v === 'string' ? v : v.join('\n');
        }
      }
      return values;
    },
    view: ({ c, kind, recipients, corrects }, _request, values) => {
      const template = shippedTemplate(kind.template);
      return {
        ...frames.caseFrame(c, 'documents'),
        c,
        kind,
        corrects: corrects?.document ?? null,
        recipientItems: recipients.map((r) => ({
          value: r.id,
          text: `${r.given_name} ${r.family_name}`,
          hint: { text: r.neutral_letters ? 'Letters to them must be neutral: this one will be.' : AUDIENCE_LABELS[AUDIENCE_OF_ROLE[r.role]] },
          checked: values.recipient === r.id,
        })),
        languageItems: (template ? languagesOf(template) : ['en']).map((l) => ({ value: l, text: LANGUAGE_NAMES[l] ?? l, checked: values.language === l })),
        neutralOffered: Boolean(template?.languages.en?.neutralTitle),
        dates: kind.fields.some((f) => f.date) ? { meetingDate: dateBoxes(values, 'meetingDate', DATES.meetingDate) } : {},
      };
    },
    submit: async (form, { c, kind, recipients, corrects }, request) => {
      const user = userOf(request);
      const recipient = recipients.find((r) => r.id === form.recipient);
      if (!recipient) throw new DocumentError(400, 'Choose who the letter is to', 'recipient');
      const language = form.language;
      const typed = form as Record<string, unknown>;
      const own = Object.fromEntries(
        kind.fields.map((f) => {
          const v = String(typed[f.name] ?? '');
          if (f.date) return [f.name, dateInLanguage(v, language)];
          return [f.name, f.lines ? v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : v];
        }),
      );
      const children = c.members.filter((m) => m.role === 'child').map((m) => `${m.given_name} ${m.family_name}`);
      const made = await documents.make(
        user,
        {
          caseId: c.id,
          template: kind.template,
          language,
          audience: AUDIENCE_OF_ROLE[recipient.role],
          recipient: { personId: recipient.id, name: `${recipient.given_name} ${recipient.family_name}` },
          values: { ...own, recipientName: `${recipient.given_name} ${recipient.family_name}`, childNames: namesInSentence(children, language), letterDate: dateInLanguage(londonDate(new Date()), language), workerName: user.name, workerPhone: form.workerPhone, teamName: TEAM[language] ?? (TEAM.en as string) },
          from: { team: TEAM[language] ?? (TEAM.en as string) },
          neutral: form.neutral,
          corrects: corrects?.document.id ?? null,
        },
        request.id,
      );
      return { to: paths.documents.show(c.id, made.id), done: 'made' };
    },
  });

  router.page({
    method: 'GET',
    url: paths.documents.show(),
    permission: 'case:view',
    pageName: 'case-document',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const documentId = idParam(request, 'documentId');
      if (!documentId) return reply.code(404).view('errors/404.njk');
      const { document, paper, disclosures } = await documents.view(userOf(request), c.id, documentId);
      const print = query(request).print === '1';
      const context = {
        c,
        document,
        paper,
        disclosures,
        methods: DISCLOSURE_METHOD_LABELS,
        bases: LAWFUL_BASIS_LABELS,
        audience: AUDIENCE_LABELS[document.audience],
        language: LANGUAGE_NAMES[document.language] ?? document.language,
        correctable: Boolean(document.template && letterKind(document.template)),
        success: doneOf(request),
      };
      if (print) return reply.view('documents-print.njk', context);
      return frames.renderCase(reply, 'documents-show.njk', c, 'documents', context);
    },
  });

  router.page({
    method: 'GET',
    url: paths.documents.pdf(),
    permission: 'case:view',
    pageName: 'case-document-pdf',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const documentId = idParam(request, 'documentId');
      if (!documentId) return reply.code(404).view('errors/404.njk');
      const pdf = await documents.pdf(userOf(request), c.id, documentId, request.id);
      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `attachment; filename="document-${documentId}.pdf"`)
        .header('Cache-Control', 'no-store')
        .header('Content-Length', String(pdf.size))
        .header('Digest', `sha-256=${Buffer.from(pdf.sha256, 'hex').toString('base64')}`)
        .send(pdf.content);
    },
  });

  formPage(router, {
    url: paths.documents.sent(),
    permission: 'case:edit',
    pageName: 'case-document-sent',
    template: 'documents-sent.njk',
    schema: disclosureForm,
    dateInputs: ['disclosedOn'],
    load: async (request, reply) => {
      const c = await editable(request, reply);
      if (c instanceof Answered) return c;
      const documentId = idParam(request, 'documentId');
      if (!documentId) return null;
      return { c, doc: await documents.view(userOf(request), c.id, documentId) };
    },
    initial: ({ doc }) => ({ recipient: doc.document.recipient_name }),
    view: ({ c, doc }, _request, values) => ({
      ...frames.caseFrame(c, 'documents'),
      c,
      document: doc.document,
      dates: { disclosedOn: dateBoxes(values, 'disclosedOn', DATES.disclosedOn) },
      methodItems: DISCLOSURE_METHODS.map((m) => ({ value: m, text: DISCLOSURE_METHOD_LABELS[m], checked: values.method === m })),
      basisItems: LAWFUL_BASES.map((b) => ({ value: b, text: LAWFUL_BASIS_LABELS[b].text, hint: { text: LAWFUL_BASIS_LABELS[b].hint }, checked: values.lawfulBasis === b })),
    }),
    submit: async (form, { c, doc }, request) => {
      await documents.disclose(userOf(request), c.id, doc.document.id, form, request.id);
      return { to: paths.documents.show(c.id, doc.document.id), done: 'sent' };
    },
  });

  router.page({
    method: 'GET',
    url: paths.documents.correct(),
    permission: 'case:edit',
    pageName: 'case-document-correction',
    handler: async (request, reply) => {
      const c = await editable(request, reply);
      if (c instanceof Answered) return c.reply;
      const documentId = idParam(request, 'documentId');
      if (!documentId) return reply.code(404).view('errors/404.njk');
      const { document } = await documents.view(userOf(request), c.id, documentId);
      if (!document.template || !letterKind(document.template)) return reply.code(404).view('errors/404.njk');
      return reply.redirect(withQuery(paths.documents.writeLetter(c.id, document.template), { corrects: document.id }), 303);
    },
  });
}
