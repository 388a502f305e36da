import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './features/account/routes.js';
import { accountService } from './features/account/service.js';
import { secondStepService } from './features/account/second-step.js';
import { secondStepRoutes } from './features/account/second-step-routes.js';
import { adminRoutes } from './features/admin/routes.js';
import { adminService } from './features/admin/service.js';
import { apiMetaRoutes } from './features/api-meta/routes.js';
import { auditLogRoutes } from './features/audit-log/routes.js';
import { auditLogService } from './features/audit-log/service.js';
import { calendarRoutes } from './features/calendar/routes.js';
import { calendarService } from './features/calendar/service.js';
import { censusRoutes } from './features/census/routes.js';
import { censusService } from './features/census/service.js';
import { casesApiRoutes } from './features/cases/api-routes.js';
import { casesRoutes } from './features/cases/routes.js';
import { whenCaseEventsAppended } from './features/cases/service.js';
import type { CaseFrames } from './features/cases/frames.js';
import { caseworkRoutes } from './features/casework/routes.js';
import { documentsRoutes } from './features/documents/routes.js';
import { documentsService } from './features/documents/service.js';
import { safetyPlanRoutes } from './features/safety-plans/routes.js';
import { safetyPlansService } from './features/safety-plans/service.js';
import { safetyPlanPrintService } from './features/safety-plans/print-service.js';
import { noticeRoutes } from './features/notices/routes.js';
import { noticesService } from './features/notices/service.js';
import { noticePrintService } from './features/notices/print-service.js';
import { shippedTemplates } from './platform/documents/templates.js';
import { caseworkApiRoutes } from './features/casework/api-routes.js';
import { assessmentRoutes } from './features/assessment/routes.js';
import { assessmentService } from './features/assessment/service.js';
import { informationRequestsService } from './features/assessment/requests-service.js';
import { caseworkReadService } from './features/casework/read-service.js';
import { processService } from './features/casework/process-service.js';
import { planService } from './features/casework/plan-service.js';
import { visitService } from './features/casework/visit-service.js';
import { conferencePaperService } from './features/casework/paper-service.js';
import { caseFrame, isMemberRole, loadCase, MEMBER_ROLE_LABELS, renderCase } from './features/cases/case-page.js';
import { loadPerson } from './features/people/route-helpers.js';
import type { RiskFrames } from './features/risk/frames.js';
import { caseApiView, caseChronologyApi, casesService } from './features/cases/service.js';
import { contactsApiRoutes } from './features/contacts/api-routes.js';
import { importRoutes } from './features/contacts/import-routes.js';
import { notificationImportService } from './features/contacts/import-service.js';
import { contactRoutes } from './features/contacts/contact-routes.js';
import { queueRoutes } from './features/contacts/queue-routes.js';
import { contactReadService } from './features/contacts/read-service.js';
import { contactsService } from './features/contacts/service.js';
import { daServicesRoutes } from './features/da-services/routes.js';
import { daServicesService } from './features/da-services/service.js';
import { homeRoutes } from './features/home/routes.js';
import { escalationRoutes } from './features/escalations/routes.js';
import { escalateNewIncidents, escalationService, raiseDueEscalations } from './features/escalations/service.js';
import { interpreterService } from './features/escalations/interpreter-service.js';
import { homeService } from './features/home/service.js';
import { ordersRoutes } from './features/orders/routes.js';
import { ordersService } from './features/orders/service.js';
import { peopleApiRoutes } from './features/people/api-routes.js';
import { peopleRoutes } from './features/people/routes.js';
import { contactAssignmentService } from './features/contacts/assignment-service.js';
import { assignmentRoutes } from './features/contacts/assignment-routes.js';
import { caseNotesService } from './features/cases/notes-service.js';
import { notesRoutes } from './features/cases/notes-routes.js';
import { emailSender, outboxReader } from './platform/mail/outbox.js';
import { outboxRoutes } from './features/admin/outbox-routes.js';
import { recordSummaryService } from './features/people/summary-service.js';
import { matchingRoutes } from './features/contacts/matching-routes.js';
import { mergeService } from './features/people/merge-service.js';
import { relationshipsService } from './features/people/relationships-service.js';
import { peopleService } from './features/people/service.js';
import { whereaboutsService } from './features/people/whereabouts-service.js';
import { maracMeetingRoutes } from './features/marac/meeting-routes.js';
import { maracMeetingsService } from './features/marac/meetings-service.js';
import { maracPartnerService } from './features/marac/partner-service.js';
import { maracSetupService } from './features/marac/panels-service.js';
import { maracPartnerRoutes } from './features/marac/partner-routes.js';
import { maracRoutes } from './features/marac/routes.js';
import { maracActionRoutes } from './features/marac/action-routes.js';
import { maracApiRoutes } from './features/marac/api-routes.js';
import { maracPaperRoutes } from './features/marac/paper-routes.js';
import { maracPapersService } from './features/marac/papers-service.js';
import { maracActionsService } from './features/marac/actions-service.js';
import { maracRunSheetRoutes } from './features/marac/run-sheet-routes.js';
import { maracRunSheetService } from './features/marac/run-sheet-service.js';
import { maracResearchRoutes } from './features/marac/research-routes.js';
import { maracResearchService } from './features/marac/research-service.js';
import { maracSetupRoutes } from './features/marac/setup-routes.js';
import { maracService } from './features/marac/service.js';
import { riskApiRoutes } from './features/risk/api-routes.js';
import { checklistRoutes } from './features/risk/checklist-routes.js';
import { riskService } from './features/risk/service.js';
import { riskTabRoutes } from './features/risk/tab-routes.js';
import { instrumentVersionsService } from './features/risk/instrument-versions.js';
import { versionRoutes } from './features/risk/version-routes.js';
import { riskSettingsRoutes } from './features/risk-settings/routes.js';
import { riskSettingsService } from './features/risk-settings/service.js';
import { safetyRoutes } from './features/safety/routes.js';
import { safetyService } from './features/safety/service.js';
import { singleSignOnRoutes } from './features/single-sign-on/routes.js';
import { singleSignOnService } from './features/single-sign-on/service.js';
import { projectRoot, type Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { buildApp } from './platform/http/app.js';
import { sealedSearchRoute } from './platform/http/sealed-search.js';

const VERSION = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

const FEATURES = ['account', 'home', 'admin', 'audit-log', 'api-meta', 'people', 'cases', 'safety', 'calendar', 'contacts', 'da-services', 'risk-settings', 'risk', 'marac', 'single-sign-on', 'census', 'casework', 'assessment', 'documents', 'safety-plans', 'notices', 'escalations', 'orders'];

/** The composition root: builds each feature's service by hand and registers its routes. */
export function services(db: Database, options: { publicUrl?: string | null } = {}) {
  return {
    accounts: accountService(db),
    home: homeService(db),
    admin: adminService(db),
    auditLog: auditLogService(db),
    people: peopleService(db),
    whereabouts: whereaboutsService(db),
    relationships: relationshipsService(db),
    merges: mergeService(db),
    recordSummaries: recordSummaryService(db),
    contactAssignment: contactAssignmentService(db),
    cases: casesService(db),
    caseNotes: caseNotesService(db),
    caseApiView: caseApiView(db),
    safety: safetyService(db),
    calendar: calendarService(db),
    daServices: daServicesService(db),
    riskSettings: riskSettingsService(db),
    risk: riskService(db),
    marac: maracService(db),
    maracSetup: maracSetupService(db),
    maracMeetings: maracMeetingsService(db, options),
    maracResearch: maracResearchService(db, options),
    maracRunSheets: maracRunSheetService(db),
    maracActions: maracActionsService(db),
    maracPapers: maracPapersService(db),
    maracPartners: maracPartnerService(db),
    casework: {
      reads: caseworkReadService(db),
      process: processService(db),
      plans: planService(db),
      // A missed appointment or a visit with no access may escalate the case, in the same transaction.
      visits: visitService(db, (trx, tenantId, caseId, caller, requestId) => raiseDueEscalations(trx, tenantId, caseId, caller, requestId)),
      papers: conferencePaperService(db),
    },
    instrumentVersions: instrumentVersionsService(db),
    contacts: contactsService(db),
    contactReads: contactReadService(db),
    notificationImports: notificationImportService(db, contactsService(db)),
    census: censusService(db, VERSION),
    assessments: assessmentService(db),
    documents: documentsService(db),
    safetyPlans: safetyPlansService(db),
    safetyPlanPrints: safetyPlanPrintService(db, documentsService(db)),
    notices: noticesService(db),
    noticePrints: noticePrintService(db, documentsService(db)),
    informationRequests: informationRequestsService(db, options),
    escalations: escalationService(db),
    orders: ordersService(db),
    interpreters: interpreterService(db),
  };
}

export type Services = ReturnType<typeof services>;

export async function createServer(config: Config, db: Database, options: { logger?: boolean; logStream?: NodeJS.WritableStream } = {}) {
  // Every document template is checked as the server starts: one that would give someone a field they
  // must never receive stops the start, before anything could be written with it.
  shippedTemplates();
  // A new incident on a case (however it arrived: a notification, a breach of an order) escalates it.
  whenCaseEventsAppended(escalateNewIncidents);
  const svc = services(db, { publicUrl: config.singleSignOn.publicUrl });
  const sso = singleSignOnService(db, { secretKey: config.singleSignOn.secretKey, publicUrl: config.singleSignOn.publicUrl, production: config.env === 'production' });
  // With single sign-on on, a council that signs in through its own provider keeps passwords for administrators alone.
  const accounts = config.authMode === 'oidc' ? accountService(db, { singleSignOnOn: true }) : svc.accounts;
  const built = await buildApp({
    config,
    db,
    logger: options.logger,
    logStream: options.logStream,
    viewDirs: FEATURES.map((f) => join(projectRoot, 'src', 'features', f, 'views')),
    registerFeatures: async (router, app: FastifyInstance) => {
      await importRoutes(router, app, svc.notificationImports);
      accountRoutes(router, accounts, config, sso.councils);
      sealedSearchRoute(router);
      secondStepRoutes(router, secondStepService(db, config.mfaSecretKey), config);
      singleSignOnRoutes(router, sso, config);
      homeRoutes(router, svc.home, async (user) => [...(await svc.risk.reviewsDue(user)), ...(await svc.safetyPlans.reviewsDue(user))], svc.risk.clients, svc.assessments.dueForUser, svc.notices.encompassDueForUser, svc.escalations.forHome, svc.orders.endingSoon);
      adminRoutes(router, svc.admin);
      outboxRoutes(router, outboxReader(db));
      auditLogRoutes(router, svc.auditLog);
      calendarRoutes(router, svc.calendar);
      daServicesRoutes(router, svc.daServices);
      riskSettingsRoutes(router, svc.riskSettings);
      peopleRoutes(router, svc.people, svc.whereabouts, svc.relationships, svc.merges);
      peopleApiRoutes(router, svc.people);
      casesApiRoutes(router, svc.caseApiView, svc.people, caseChronologyApi(db));
      caseworkApiRoutes(router, svc.casework.reads, svc.casework.visits);
      casesRoutes(router, svc.cases, svc.relationships, svc.people, svc.safety, svc.assessments.caseCard, svc.escalations.caseCard);
      notesRoutes(router, svc.cases, svc.caseNotes);
      safetyRoutes(router, svc.safety);
      queueRoutes(router, svc.contactReads);
      contactRoutes(router, svc.contacts, svc.contactReads);
      matchingRoutes(router, svc.contacts, svc.contactReads, svc.people, svc.recordSummaries);
      assignmentRoutes(router, svc.contactReads, svc.contactAssignment);
      contactsApiRoutes(router, svc.contacts, svc.contactReads);
      // The risk pages sit inside the person and case pages: their frames are handed in here.
      const riskFrames: RiskFrames = {
        loadPerson: (request, reply) => loadPerson(svc.people, request, reply),
        loadCase: (request, reply) => loadCase(svc.cases, request, reply),
        renderCase: (reply, template, c, tab, context) => renderCase(reply, template, c, tab, context),
        memberRole: (role) => (isMemberRole(role) ? MEMBER_ROLE_LABELS[role] : role),
      };
      // The casework pages (the Plans tab and its forms) sit inside the case pages too.
      const caseFrames: CaseFrames = {
        loadCase: (request, reply) => loadCase(svc.cases, request, reply),
        renderCase: (reply, template, c, tab, context) => renderCase(reply, template, c, tab, context),
        caseFrame: (c, tab) => caseFrame(c, tab),
      };
      caseworkRoutes(router, svc.casework, caseFrames);
      // The assessment and the requests for information sit inside the case pages as well.
      assessmentRoutes(router, svc.assessments, svc.informationRequests, caseFrames);
      documentsRoutes(router, svc.documents, caseFrames);
      // The safety plans, rules and network sit inside the case's Plans tab, and print through the document module.
      safetyPlanRoutes(router, svc.safetyPlans, svc.safetyPlanPrints, caseFrames);
      // Notices to schools, nurseries and clubs sit inside the Plans tab too, and print through the document module.
      noticeRoutes(router, svc.notices, svc.noticePrints, caseFrames, svc.orders.inForce);
      // Red flags, escalations and interpreter bookings sit inside the case pages as well.
      escalationRoutes(router, svc.escalations, svc.interpreters, caseFrames);
      // Protective orders and notices, reached from the Plans tab.
      ordersRoutes(router, svc.orders, caseFrames);
      checklistRoutes(router, svc.risk, riskFrames);
      riskTabRoutes(router, svc.risk, svc.people, riskFrames, svc.safetyPlans.reviewsDue);
      riskApiRoutes(router, svc.risk, svc.marac);
      maracRoutes(router, svc.marac, svc.maracMeetings);
      maracSetupRoutes(router, svc.maracSetup);
      maracMeetingRoutes(router, svc.marac, svc.maracMeetings);
      maracPartnerRoutes(router, svc.maracPartners, svc.maracResearch);
      maracResearchRoutes(router, svc.maracResearch);
      maracRunSheetRoutes(router, svc.maracRunSheets);
      maracActionRoutes(router, svc.maracActions);
      maracPaperRoutes(router, svc.maracPapers);
      maracApiRoutes(router, svc.maracPartners, svc.maracResearch, svc.maracActions);
      versionRoutes(router, svc.instrumentVersions);
      censusRoutes(router, svc.census);
      apiMetaRoutes(router, db, VERSION);
    },
  });
  // Uploaded imports the service stopped in the middle of are carried on (import-service.ts).
  const stopResuming = svc.notificationImports.keepResuming();
  built.app.addHook('onClose', async () => stopResuming());
  // Outcome emails to the units that sent notifications go out over SMTP when it is configured.
  if (config.smtp) {
    const stopSending = emailSender(db, config.smtp).keepSending();
    built.app.addHook('onClose', async () => stopSending());
  }
  return built;
}
