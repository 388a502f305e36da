import type { FastifyRequest } from 'fastify';
import { NOTE_KIND_LABELS, NOTE_KINDS, SEEN, SEEN_LABELS, VISIT_KINDS, type NoteKind } from '../../domain/cases/case-notes.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { caseForForm, caseFrame, userOf, UUID, type CaseOverview } from './case-page.js';
import { amendNoteForm, NOTE_DATE, noteForm } from './forms.js';
import type { CaseNotesService } from './notes-service.js';
import type { CasesService } from './service.js';

const childrenOf = (c: CaseOverview) => c.members.filter((m) => m.role === 'child');
const noteIdOf = (request: FastifyRequest) => (request.params as { noteId?: string }).noteId ?? '';
const one = (values: Record<string, string | string[]>, key: string) => (typeof values[key] === 'string' ? values[key] : '');

/** Adding a case note on a page of its own, and correcting one (the original is kept). */
export function notesRoutes(router: Router, cases: CasesService, notes: CaseNotesService): void {
  const editable = caseForForm(cases, (c) => c.mayEdit);

  formPage(router, {
    url: paths.cases.notes(),
    permission: 'case:edit',
    pageName: 'case-note',
    template: 'case-note.njk',
    schema: (c: CaseOverview) => noteForm(childrenOf(c).map((m) => m.id)),
    dateInputs: ['occurredOn'],
    load: editable,
    view: (c, _request, values) => ({
      c,
      ...caseFrame(c, 'summary'),
      kindItems: NOTE_KINDS.map((k) => ({ value: k, text: NOTE_KIND_LABELS[k], checked: one(values, 'kind') === k })),
      visitKinds: [...VISIT_KINDS],
      occurredOnItems: dateBoxes(values, 'occurredOn', NOTE_DATE),
      children: childrenOf(c).map((m) => ({
        id: m.id,
        name: `${m.given_name} ${m.family_name}`,
        items: SEEN.map((s) => ({ value: s, text: SEEN_LABELS[s], checked: one(values, `seen-${m.id}`) === s })),
      })),
    }),
    submit: async (form, c, request) => {
      await notes.add(userOf(request), c.id, form, request.id);
      return { to: paths.cases.overview(c.id), done: 'note' };
    },
    fieldIds: { occurredOn: 'occurredOn-day' },
  });

  formPage(router, {
    url: paths.cases.amendNote(),
    permission: 'case:edit',
    pageName: 'case-note-correction',
    template: 'case-note-amend.njk',
    schema: amendNoteForm,
    load: async (request, reply) => {
      const c = await editable(request, reply);
      if (c instanceof Answered) return c;
      const noteId = noteIdOf(request);
      const note = UUID.test(noteId) ? c.notes.find((n) => n.id === noteId) : undefined;
      if (!note) return null;
      return { c, note, corrected: c.notes.some((n) => n.amends === noteId) };
    },
    initial: ({ note }) => ({ body: note.body }),
    view: ({ c, note, corrected }) => ({ c, ...caseFrame(c, 'summary'), note, corrected, kindLabel: note.kind ? NOTE_KIND_LABELS[note.kind as NoteKind] : 'Note' }),
    submit: async (form, { c, note }, request) => {
      await notes.amend(userOf(request), c.id, note.id, form, request.id);
      return { to: paths.cases.overview(c.id), done: 'note-corrected' };
    },
  });
}
