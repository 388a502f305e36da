import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AGE_BAND_LABELS } from '../../domain/assessment/age-bands.js';
import { SOURCE_LABELS, type InformationSource } from '../../domain/assessment/information-requests.js';
import { answered, type Answers, type Field } from '../../domain/assessment/section-fields.js';
import { FAMILY_PART, isSectionKey, SECTIONS, sectionFields, type SectionKey } from '../../domain/assessment/sections.js';
import { Answered, formPage, type FormOutcome } from '../../platform/http/form-page.js';
import { formErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import { isUuid, userOf } from '../../platform/http/route-params.js';
import type { Router } from '../../platform/http/router.js';
import type { CaseOverview } from '../cases/case-page.js';
import type { CaseFrames } from '../cases/frames.js';
import { SectionConflict, type AssessmentService } from './service.js';
import { sectionTitle } from './words.js';

type Values = Record<string, string | string[]>;

const sectionForm = z.looseObject({
  version: z.coerce.number({ error: 'Open the section again before you save it' }).int().min(0, 'Open the section again before you save it'),
  completed: z.enum(['yes', 'no'], { error: 'Say whether you have completed this section' }),
});

interface Loaded {
  c: CaseOverview;
  key: SectionKey;
  part: string;
  s: NonNullable<Awaited<ReturnType<AssessmentService['section']>>>;
}

/** The address's section and part ('family', or a child's id). */
function slotOf(request: FastifyRequest): { key: SectionKey; part: string } | null {
  const { section, part } = request.params as { section?: string; part?: string };
  if (!isSectionKey(section)) return null;
  if (part === 'family') return { key: section, part: FAMILY_PART };
  return part && isUuid(part) ? { key: section, part } : null;
}

/** What a form shows for saved answers (text as text; boxes as lists). */
function valuesOf(answers: Answers, completed: boolean, version: number): Values {
  return { ...answers, completed: completed ? 'yes' : 'no', version: String(version) };
}

/** A saved answer in words, for the read-only view and the "saved now" list. */
function answerText(field: Field, value: string | string[] | undefined): string {
  if (!answered(value)) return 'Not answered';
  if (field.kind === 'text') return String(value);
  const list = Array.isArray(value) ? value : [value ?? ''];
  return list.map((v) => field.options.find((o) => o.value === v)?.label ?? v).join('; ');
}

/** Each section of the assessment on a page of its own, saved on its own with the version it was opened at. */
export function sectionRoutes(router: Router, assessments: AssessmentService, frames: CaseFrames): void {
  function view(l: Loaded, values: Values, extra: Record<string, unknown> = {}) {
    const fields = sectionFields(l.key, l.s.child?.band ?? null);
    const saved = (l.s.saved?.answers ?? {}) as Answers;
    return {
      ...frames.caseFrame(l.c, 'plans'),
      c: l.c,
      title: sectionTitle(l.key, l.s.child?.name ?? null),
      about: SECTIONS[l.key].about,
      child: l.s.child ? { ...l.s.child, band: l.s.child.band ? AGE_BAND_LABELS[l.s.child.band] : null } : null,
      fields: fields.map((f) => ({ ...f, value: values[f.name], items: f.kind === 'text' ? [] : f.options.map((o) => ({ value: o.value, text: o.label, checked: f.kind === 'checkboxes' ? [values[f.name]].flat().includes(o.value) : values[f.name] === o.value })) })),
      savedAnswers: fields.map((f) => ({ key: { text: f.label }, value: { text: answerText(f, saved[f.name]) } })),
      savedAt: l.s.saved?.updated_at ?? null,
      updatedBy: l.s.updatedBy,
      mayEdit: l.s.mayEdit,
      status: l.s.assessment.status,
      returns: l.s.requests.map((r) => ({ ...r, sourceLabel: SOURCE_LABELS[r.source as InformationSource] })),
      completedItems: [
        { value: 'yes', text: 'Yes, I have completed this section', checked: values.completed === 'yes' },
        { value: 'no', text: 'No, I will come back to it', checked: values.completed === 'no' },
      ],
      taskListHref: paths.cases.assessment(l.c.id),
      ...extra,
    };
  }

  /** Someone saved the section first: nothing is saved; who changed what and when, the user's typed answers kept, the saved ones beside them (409). */
  async function conflictPage(request: FastifyRequest, l: Loaded, conflict: SectionConflict, typed: Values): Promise<FormOutcome> {
    const fresh = await assessments.section(userOf(request), l.c.id, l.key, l.part);
    const now: Loaded = fresh ? { ...l, s: fresh } : l;
    const who = conflict.changes.map((ch) => ({ by: ch.by, at: ch.at, fields: ch.fields }));
    const names = [...new Set(who.flatMap((w) => w.fields))];
    const message = `This section was changed by someone else since you opened it (${names.join('; ') || 'its answers'}). Your answers have not been saved. They are still in the form: compare them with the answers saved now, then save again.`;
    const errors = formErrors({ version: message });
    return { page: 'assessment-section.njk', status: 409, data: view(now, { ...typed, version: String(conflict.currentVersion) }, { conflict: who, errors, errorSummary: errors.summary, values: { ...typed, version: String(conflict.currentVersion) } }) };
  }

  formPage(router, {
    url: paths.cases.assessmentSection(),
    permission: 'case:view',
    pageName: 'case-assessment-section',
    template: 'assessment-section.njk',
    schema: sectionForm,
    load: async (request: FastifyRequest, reply: FastifyReply): Promise<Loaded | Answered | null> => {
      const slot = slotOf(request);
      if (!slot) return null;
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return new Answered(c.sent);
      const s = await assessments.section(userOf(request), c.id, slot.key, slot.part);
      return s ? { c, ...slot, s } : null;
    },
    initial: (l) => valuesOf((l.s.saved?.answers ?? {}) as Answers, l.s.saved?.completed ?? false, l.s.saved?.version ?? 0),
    view: (l, _request, values) => view(l, values),
    submit: async (form, l, request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        const saved = await assessments.saveSection(userOf(request), l.c.id, l.key, l.part, { version: form.version, completed: form.completed === 'yes', body }, request.id);
        return { to: paths.cases.assessment(l.c.id), done: saved.changed.includes('completed') && form.completed === 'yes' ? 'completed' : 'saved' };
      } catch (error) {
        if (error instanceof SectionConflict) {
          const typed = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && (typeof v === 'string' || Array.isArray(v)))) as Values;
          return conflictPage(request, l, error, typed);
        }
        throw error;
      }
    },
  });
}
