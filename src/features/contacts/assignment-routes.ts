import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { ContactAssignmentService } from './assignment-service.js';
import { contactFrame, contactOf, userOf, type ContactDetail, type ContactTab } from './contact-page.js';
import { contactTabView, TAB_TEMPLATES } from './contact-views.js';
import { assignForm, sendBackForm } from './forms.js';
import type { ContactReadService } from './read-service.js';

/**
 * Who works on a contact: a MASH worker picks it up from its banner; a MASH manager assigns it on a
 * page of its own; and a manager sends a recommendation back from the decision page with a comment.
 */
export function assignmentRoutes(router: Router, read: ContactReadService, assignment: ContactAssignmentService): void {
  const load = contactOf(read);
  const onTab = (tab: ContactTab) => ({
    postOnly: true,
    template: TAB_TEMPLATES[tab],
    load,
    view: (d: ContactDetail, request: FastifyRequest, values: Record<string, string | string[]>) => contactTabView(request, d, tab, values),
  });

  formPage(router, {
    ...onTab('summary'),
    url: paths.contacts.pickUp(),
    permission: 'contact:record',
    pageName: 'contact-pick-up',
    schema: z.object({}),
    submit: async (_form, d, request) => {
      await assignment.pickUp(userOf(request), d.contact.id, request.id);
      return { to: paths.contacts.contact(d.contact.id), done: 'picked-up' };
    },
  });

  formPage(router, {
    url: paths.contacts.assign(),
    permission: 'contact:assign',
    pageName: 'contact-assign',
    template: 'contact-assign.njk',
    schema: assignForm,
    load,
    initial: (d) => ({ assignee: d.assignedTo?.id ?? '' }),
    view: async (d, request, values) => ({
      ...contactFrame(request, d, 'summary'),
      assigneeItems: [
        ...(await assignment.assignable(userOf(request))).map((w) => ({ value: w.id, text: w.name, checked: values.assignee === w.id })),
        { divider: 'or' },
        { value: 'nobody', text: 'Nobody: put it back in the queue', checked: values.assignee === 'nobody' },
      ],
    }),
    submit: async (form, d, request) => {
      await assignment.assign(userOf(request), d.contact.id, form.assignee === 'nobody' ? null : form.assignee, request.id);
      return { to: paths.contacts.contact(d.contact.id), done: form.assignee === 'nobody' ? 'unassigned' : 'assigned' };
    },
  });

  formPage(router, {
    ...onTab('decision'),
    url: paths.contacts.sendBack(),
    permission: 'contact:decide',
    pageName: 'contact-send-back',
    schema: sendBackForm,
    submit: async (form, d, request) => {
      await assignment.sendBack(userOf(request), d.contact.id, form.comment, request.id);
      return { to: paths.contacts.contact(d.contact.id), done: 'sent-back' };
    },
  });
}
