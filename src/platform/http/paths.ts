/** Every URL the service serves, in one place. Features build links from here, never from strings. */
export const paths = {
  home: '/',
  health: '/health',
  metrics: '/metrics',
  signIn: '/sign-in',
  signOut: '/sign-out',
  signedOut: '/signed-out',
  /** Single sign-on through a council's own identity provider (docs/single-sign-on.md). */
  sso: {
    /** Sends the browser to the council's provider; ?returnTo= says where to go once signed in. */
    start: (tenantSlug = ':tenantSlug') => `/sign-in/sso/${tenantSlug}`,
    /** Where every provider sends the browser back to: the redirect URI registered with it. */
    callback: '/sign-in/callback',
  },
  keepAlive: '/session/keep-alive',
  /** Where the smaller search forms post their terms, to be sealed out of the address (sealed-search.ts). */
  search: '/search',
  /** The second step at sign-in: a code from the authenticator app, or a recovery code. */
  signInCode: '/sign-in/code',
  account: {
    password: '/account/password',
    /** The user's own sign-in: their password, and whether an authenticator app is set up. */
    signInDetails: '/account/sign-in',
    setUpAuthenticatorApp: '/account/authenticator-app/set-up',
    newRecoveryCodes: '/account/authenticator-app/recovery-codes',
    /** The one-time link to set a password, sent to the user (never shown to an administrator). */
    setPassword: (token = ':token') => `/account/reset/${token}`,
  },
  admin: {
    users: '/admin/users',
    newUser: '/admin/users/new',
    user: (id = ':userId') => `/admin/users/${id}`,
    userDeactivate: (id = ':userId') => `/admin/users/${id}/deactivate`,
    userReactivate: (id = ':userId') => `/admin/users/${id}/reactivate`,
    userResetPassword: (id = ':userId') => `/admin/users/${id}/reset-password`,
    /** Asking for a user's authenticator app to be reset (a lost phone); a second administrator decides. */
    userResetAuthenticatorApp: (id = ':userId') => `/admin/users/${id}/reset-authenticator-app`,
    approveAppReset: (id = ':requestId') => `/admin/users/app-resets/${id}/approve`,
    refuseAppReset: (id = ':requestId') => `/admin/users/app-resets/${id}/refuse`,
    roleRequests: '/admin/users/role-requests',
    approveRoleRequest: (id = ':requestId') => `/admin/users/role-requests/${id}/approve`,
    refuseRoleRequest: (id = ':requestId') => `/admin/users/role-requests/${id}/refuse`,
    teams: '/admin/teams',
    bankHolidays: '/admin/bank-holidays',
    /** Every email the service has sent or is waiting to send. */
    outbox: '/admin/outbox',
    daServices: '/admin/da-services',
    newDaService: '/admin/da-services/new',
    daService: (id = ':serviceId') => `/admin/da-services/${id}`,
    riskSettings: '/admin/risk-settings',
    /** How often children on a plan are visited, in working days. */
    visitFrequency: '/admin/visit-frequency',
    /** How many missed appointments within how many days escalate a case, and which red flags do. */
    escalations: '/admin/escalations',
    instrumentVersions: '/admin/risk-settings/checklist-versions',
  },
  audit: {
    events: '/audit',
    breakGlass: '/audit/break-glass',
  },
  people: {
    search: '/people',
    new: '/people/new',
    newCheck: '/people/new/check',
    person: (id = ':personId') => `/people/${id}`,
    edit: (id = ':personId') => `/people/${id}/edit`,
    addAddress: (id = ':personId') => `/people/${id}/addresses`,
    withholdAddress: (id = ':personId', addressId = ':addressId') => `/people/${id}/addresses/${addressId}/withhold`,
    addContactDetail: (id = ':personId') => `/people/${id}/contact-details`,
    withholdContactDetail: (id = ':personId', detailId = ':detailId') => `/people/${id}/contact-details/${detailId}/withhold`,
    safeContact: (id = ':personId') => `/people/${id}/safe-contact`,
    relationships: (id = ':personId') => `/people/${id}/relationships`,
    addIdentifier: (id = ':personId') => `/people/${id}/identifiers`,
    /** Finding a duplicate of this record, then comparing the two and merging them. */
    merge: (id = ':personId') => `/people/${id}/merge`,
    mergeWith: (id = ':personId', otherId = ':otherId') => `/people/${id}/merge/${otherId}`,
    undoMerge: (id = ':personId', mergeId = ':mergeId') => `/people/${id}/merges/${mergeId}/undo`,
    risk: (id = ':personId') => `/people/${id}/risk`,
  },
  risk: {
    /** Start a checklist for a person (choose the instrument); ?caseId= ties it to a case. */
    start: (personId = ':personId') => `/people/${personId}/risk/new`,
    draft: (draftId = ':draftId') => `/risk/drafts/${draftId}`,
    section: (draftId = ':draftId', section = ':section') => `/risk/drafts/${draftId}/sections/${section}`,
    details: (draftId = ':draftId') => `/risk/drafts/${draftId}/details`,
    check: (draftId = ':draftId') => `/risk/drafts/${draftId}/check`,
    abandon: (draftId = ':draftId') => `/risk/drafts/${draftId}/abandon`,
    checklist: (id = ':assessmentId') => `/risk/checklists/${id}`,
    reviews: '/risk/reviews',
  },
  marac: {
    queue: '/marac/referrals',
    referral: (id = ':referralId') => `/marac/referrals/${id}`,
    /** Refer a victim to the Marac; ?checklistId= names the checklist it rests on. */
    refer: (personId = ':personId') => `/people/${personId}/marac-referral`,
    /** The coordinator's decision on a referral: onto a meeting, or declined. */
    accept: (id = ':referralId') => `/marac/referrals/${id}/accept`,
    decline: (id = ':referralId') => `/marac/referrals/${id}/decline`,
    /** Panels and partner agencies. */
    setup: '/marac/set-up',
    newAgency: '/marac/agencies/new',
    agency: (id = ':agencyId') => `/marac/agencies/${id}`,
    representatives: (id = ':agencyId') => `/marac/agencies/${id}/representatives`,
    newPanel: '/marac/panels/new',
    panel: (id = ':panelId') => `/marac/panels/${id}`,
    meetings: '/marac/meetings',
    newMeetings: '/marac/meetings/new',
    /** The meetings as a month calendar; ?month=YYYY-MM. */
    meetingsCalendar: '/marac/meetings/calendar',
    meeting: (id = ':meetingId') => `/marac/meetings/${id}`,
    moveMeeting: (id = ':meetingId') => `/marac/meetings/${id}/move`,
    cancelMeeting: (id = ':meetingId') => `/marac/meetings/${id}/cancel`,
    circulate: (id = ':meetingId') => `/marac/meetings/${id}/circulate`,
    /** A case on a meeting's agenda: the shared summary every member agency sees. */
    sharedCase: (id = ':meetingCaseId') => `/marac/cases/${id}`,
    /** Who the case is shared with, and releasing the victim's whereabouts to one agency. */
    sharing: (id = ':meetingCaseId') => `/marac/cases/${id}/sharing`,
    /** An agency representative's meetings. */
    myMeetings: '/marac/my-meetings',
    /** A representative's research return for their agency on one case. */
    research: (id = ':meetingCaseId') => `/marac/cases/${id}/research`,
    /** The coordinator's grid of research returns, cases by agency, and the reminders. */
    researchGrid: (id = ':meetingId') => `/marac/meetings/${id}/research`,
    remind: (id = ':meetingId') => `/marac/meetings/${id}/reminders`,
    /** The chair's run sheet: the confidentiality statement, attendance, each case, approving the minutes. */
    runSheet: (id = ':meetingId') => `/marac/meetings/${id}/run-sheet`,
    confidentiality: (id = ':meetingId') => `/marac/meetings/${id}/confidentiality`,
    attendance: (id = ':meetingId') => `/marac/meetings/${id}/attendance`,
    approveMinutes: (id = ':meetingId') => `/marac/meetings/${id}/approve-minutes`,
    minutes: (id = ':meetingId') => `/marac/meetings/${id}/minutes`,
    correctMinutes: (id = ':meetingId') => `/marac/meetings/${id}/corrections`,
    /** One case at the meeting: the information shared and risks, the earlier plan reviewed, actions, outcome. */
    caseRunSheet: (id = ':meetingCaseId') => `/marac/cases/${id}/run-sheet`,
    caseRecord: (id = ':meetingCaseId') => `/marac/cases/${id}/record`,
    review: (id = ':meetingCaseId', actionId = ':actionId') => `/marac/cases/${id}/reviews/${actionId}`,
    addAction: (id = ':meetingCaseId') => `/marac/cases/${id}/actions`,
    caseOutcome: (id = ':meetingCaseId') => `/marac/cases/${id}/outcome`,
    /** A representative's agency's actions, and one action's progress. */
    actions: '/marac/actions',
    action: (id = ':actionId') => `/marac/actions/${id}`,
    overdueActions: '/marac/overdue-actions',
    /** A meeting's papers (agenda, minutes) as an HTML print page and as a PDF copy for the reader. */
    paper: (id = ':meetingId', paper = ':paper') => `/marac/meetings/${id}/papers/${paper}`,
    paperPdf: (id = ':meetingId', paper = ':paper') => `/marac/meetings/${id}/papers/${paper}/pdf`,
    /** A case's research pack as a PDF copy for the reader. */
    researchPack: (id = ':meetingCaseId') => `/marac/cases/${id}/research-pack/pdf`,
    /** Who has had a copy of which paper. */
    distribution: (id = ':meetingId') => `/marac/meetings/${id}/papers`,
  },
  /** A case's safety plans: the victim's and each child's own, the safety rules agreed with each parent, and the safety network. */
  safetyPlans: {
    list: (id = ':caseId') => `/cases/${id}/safety-plans`,
    newVictimPlan: (id = ':caseId') => `/cases/${id}/safety-plans/victim/new`,
    newChildPlan: (id = ':caseId') => `/cases/${id}/safety-plans/child/new`,
    plan: (id = ':caseId', planId = ':planId') => `/cases/${id}/safety-plans/${planId}`,
    edit: (id = ':caseId', planId = ':planId') => `/cases/${id}/safety-plans/${planId}/edit`,
    review: (id = ':caseId', planId = ':planId') => `/cases/${id}/safety-plans/${planId}/reviews/new`,
    print: (id = ':caseId', planId = ':planId') => `/cases/${id}/safety-plans/${planId}/print`,
    rules: (id = ':caseId', personId = ':personId') => `/cases/${id}/safety-rules/${personId}`,
    printRules: (id = ':caseId', personId = ':personId') => `/cases/${id}/safety-rules/${personId}/print`,
    newNetworkMember: (id = ':caseId') => `/cases/${id}/safety-network/new`,
  },
  /** Notices to a child's school, nursery or club: no-contact notices with a photograph, and Operation Encompass notices. */
  notices: {
    list: (id = ':caseId') => `/cases/${id}/notices`,
    newNoContact: (id = ':caseId') => `/cases/${id}/notices/no-contact/new`,
    newEncompass: (id = ':caseId') => `/cases/${id}/notices/encompass/new`,
    notice: (id = ':caseId', noticeId = ':noticeId') => `/cases/${id}/notices/${noticeId}`,
    photo: (id = ':caseId', noticeId = ':noticeId') => `/cases/${id}/notices/${noticeId}/photo`,
    print: (id = ':caseId', noticeId = ':noticeId') => `/cases/${id}/notices/${noticeId}/print`,
    sent: (id = ':caseId', noticeId = ':noticeId') => `/cases/${id}/notices/${noticeId}/sent`,
    acknowledged: (id = ':caseId', noticeId = ':noticeId') => `/cases/${id}/notices/${noticeId}/acknowledged`,
    withdraw: (id = ':caseId', noticeId = ':noticeId') => `/cases/${id}/notices/${noticeId}/withdraw`,
    /** The photograph itself: served only through the access decision for the case. */
    image: (id = ':caseId', photoId = ':photoId') => `/cases/${id}/photos/${photoId}`,
  },
  /** A case's protective orders and notices: recording, varying, ending, and a breach (recorded as an incident). */
  orders: {
    list: (id = ':caseId') => `/cases/${id}/orders`,
    new: (id = ':caseId') => `/cases/${id}/orders/new`,
    order: (id = ':caseId', orderId = ':orderId') => `/cases/${id}/orders/${orderId}`,
    vary: (id = ':caseId', orderId = ':orderId') => `/cases/${id}/orders/${orderId}/vary`,
    end: (id = ':caseId', orderId = ':orderId') => `/cases/${id}/orders/${orderId}/end`,
    breach: (id = ':caseId', orderId = ':orderId') => `/cases/${id}/orders/${orderId}/breaches/new`,
    /** The council's setting: how far ahead an order's expiry shows on the home page. */
    settings: '/admin/orders-ending-soon',
  },
  /** A case's documents: writing a letter, a document as it was made, its PDF, recording that it was sent, correcting it. */
  documents: {
    newLetter: (id = ':caseId') => `/cases/${id}/documents/letters/new`,
    writeLetter: (id = ':caseId', template = ':template') => `/cases/${id}/documents/letters/new/${template}`,
    show: (id = ':caseId', documentId = ':documentId') => `/cases/${id}/documents/${documentId}`,
    pdf: (id = ':caseId', documentId = ':documentId') => `/cases/${id}/documents/${documentId}/pdf`,
    sent: (id = ':caseId', documentId = ':documentId') => `/cases/${id}/documents/${documentId}/sent`,
    correct: (id = ':caseId', documentId = ':documentId') => `/cases/${id}/documents/${documentId}/correction`,
  },
  /** A case's red flags and escalations, and the management discussion that closes one. */
  escalations: {
    list: (id = ':caseId') => `/cases/${id}/escalations`,
    newRedFlag: (id = ':caseId') => `/cases/${id}/red-flags/new`,
    discussion: (id = ':caseId', escalationId = ':escalationId') => `/cases/${id}/escalations/${escalationId}/discussion`,
  },
  /** Interpreters booked for a case's visits and meetings. */
  interpreters: {
    list: (id = ':caseId') => `/cases/${id}/interpreters`,
    book: (id = ':caseId') => `/cases/${id}/interpreters/new`,
  },
  cases: {
    list: '/cases',
    new: '/cases/new',
    overview: (id = ':caseId') => `/cases/${id}`,
    people: (id = ':caseId') => `/cases/${id}/people`,
    chronology: (id = ':caseId') => `/cases/${id}/chronology`,
    risk: (id = ':caseId') => `/cases/${id}/risk`,
    plans: (id = ':caseId') => `/cases/${id}/plans`,
    documents: (id = ':caseId') => `/cases/${id}/documents`,
    notes: (id = ':caseId') => `/cases/${id}/notes`,
    amendNote: (id = ':caseId', noteId = ':noteId') => `/cases/${id}/notes/${noteId}/correction`,
    allocate: (id = ':caseId') => `/cases/${id}/allocate`,
    status: (id = ':caseId') => `/cases/${id}/status`,
    members: (id = ':caseId') => `/cases/${id}/members`,
    /** The child and family assessment: its task list, each section (a family's, or one child's), submitting and the manager's decision. */
    assessment: (id = ':caseId') => `/cases/${id}/assessment`,
    startAssessment: (id = ':caseId') => `/cases/${id}/assessment/start`,
    assessmentSection: (id = ':caseId', section = ':section', part = ':part') => `/cases/${id}/assessment/sections/${section}/${part}`,
    submitAssessment: (id = ':caseId') => `/cases/${id}/assessment/submit`,
    assessmentDecision: (id = ':caseId') => `/cases/${id}/assessment/decision`,
    /** Requests for information to the network, and recording their answers. */
    informationRequests: (id = ':caseId') => `/cases/${id}/information-requests`,
    newInformationRequest: (id = ':caseId') => `/cases/${id}/information-requests/new`,
    informationReturn: (id = ':caseId', requestId = ':requestId') => `/cases/${id}/information-requests/${requestId}/answer`,
    remindInformationRequest: (id = ':caseId', requestId = ':requestId') => `/cases/${id}/information-requests/${requestId}/reminder`,
    mustNotReceive: (id = ':caseId') => `/cases/${id}/must-not-receive`,
    removeMustNotReceive: (id = ':caseId', entryId = ':entryId') => `/cases/${id}/must-not-receive/${entryId}/remove`,
    reviewIncident: (id = ':caseId', contactId = ':contactId') => `/cases/${id}/incidents/${contactId}/review`,
    changeDecision: (id = ':caseId') => `/cases/${id}/change-decision`,
    /** The child protection process, the child's plans and visits (the Plans tab's forms). */
    newStrategyDiscussion: (id = ':caseId') => `/cases/${id}/strategy-discussions/new`,
    enquiryOutcome: (id = ':caseId') => `/cases/${id}/section-47/outcome`,
    newConference: (id = ':caseId') => `/cases/${id}/conferences/new`,
    conferencePaper: (id = ':caseId', conferenceId = ':conferenceId', part: number | string = ':part') => `/cases/${id}/conferences/${conferenceId}/parts/${part}/paper`,
    newChildInNeedPlan: (id = ':caseId') => `/cases/${id}/plans/new`,
    planOutcomes: (id = ':caseId', planId = ':planId') => `/cases/${id}/plans/${planId}/outcomes`,
    newPlanAction: (id = ':caseId', planId = ':planId') => `/cases/${id}/plans/${planId}/actions/new`,
    planReview: (id = ':caseId', planId = ':planId') => `/cases/${id}/plans/${planId}/reviews/new`,
    endPlan: (id = ':caseId', planId = ':planId') => `/cases/${id}/plans/${planId}/end`,
    bringReviewForward: (id = ':caseId', planId = ':planId') => `/cases/${id}/plans/${planId}/bring-forward`,
    newVisit: (id = ':caseId') => `/cases/${id}/visits/new`,
  },
  /** A partner agency's representative: the requests for information waiting for their agency, and answering one. */
  agencyRequests: {
    list: '/information-requests',
    answer: (id = ':requestId') => `/information-requests/${id}`,
  },
  contacts: {
    queue: '/mash',
    dashboard: '/mash/timeliness',
    import: '/mash/import',
    importJob: (id = ':jobId') => `/mash/import/${id}`,
    contact: (id = ':contactId') => `/contacts/${id}`,
    people: (id = ':contactId') => `/contacts/${id}/people`,
    link: (id = ':contactId', ref = ':ref') => `/contacts/${id}/people/${ref}/link`,
    unlink: (id = ':contactId', ref = ':ref') => `/contacts/${id}/people/${ref}/unlink`,
    addPerson: (id = ':contactId', ref = ':ref') => `/contacts/${id}/people/${ref}/new-record`,
    /** A record proposed for (or found for) a person on the contact, in brief, before linking it. */
    candidate: (id = ':contactId', ref = ':ref', personId = ':personId') => `/contacts/${id}/people/${ref}/records/${personId}`,
    history: (id = ':contactId') => `/contacts/${id}/history`,
    triage: (id = ':contactId') => `/contacts/${id}/triage`,
    recommend: (id = ':contactId') => `/contacts/${id}/recommendation`,
    /** A MASH manager returns the worker's recommendation with a comment. */
    sendBack: (id = ':contactId') => `/contacts/${id}/recommendation/return`,
    /** A MASH worker picks the contact up. */
    pickUp: (id = ':contactId') => `/contacts/${id}/pick-up`,
    /** A MASH manager gives the contact to a worker. */
    assign: (id = ':contactId') => `/contacts/${id}/assignee`,
    decision: (id = ':contactId') => `/contacts/${id}/decision`,
  },
  /** Returns and audits across cases: the children in need census and the repeat-plan audit. */
  reports: {
    cinCensus: '/reports/cin-census',
    cinCensusDownload: '/reports/cin-census/download',
    repeatPlans: '/reports/repeat-plans',
  },
  restricted: {
    restrict: (subject = ':subject', id = ':recordId') => `/restricted/${subject}/${id}/restrict`,
    breakGlass: (subject = ':subject', id = ':recordId') => `/restricted/${subject}/${id}/break-glass`,
    grant: (subject = ':subject', id = ':recordId') => `/restricted/${subject}/${id}/grants`,
    withdraw: (subject = ':subject', id = ':recordId') => `/restricted/${subject}/${id}/withdraw`,
    lift: (subject = ':subject', id = ':recordId') => `/restricted/${subject}/${id}/lift`,
    whereabouts: (personId = ':recordId') => `/restricted/person/${personId}/whereabouts-access`,
  },
  api: {
    openapi: '/api/v1/openapi.json',
    whoami: '/api/v1/whoami',
    people: '/api/v1/people',
    /** Searching people with the terms in the body, out of addresses and logs. */
    peopleSearch: '/api/v1/people/search',
    person: (id = ':personId') => `/api/v1/people/${id}`,
    case: (id = ':caseId') => `/api/v1/cases/${id}`,
    /** A case's assessment status and plans; its chronology; recording a visit or a missed appointment. */
    casePlans: (id = ':caseId') => `/api/v1/cases/${id}/plans`,
    caseChronology: (id = ':caseId') => `/api/v1/cases/${id}/chronology`,
    caseVisits: (id = ':caseId') => `/api/v1/cases/${id}/visits`,
    notifications: '/api/v1/notifications',
    notification: (id = ':contactId') => `/api/v1/notifications/${id}`,
    contact: (id = ':contactId') => `/api/v1/contacts/${id}`,
    contactLink: (id = ':contactId', ref = ':ref') => `/api/v1/contacts/${id}/people/${ref}/link`,
    contactIndicators: (id = ':contactId') => `/api/v1/contacts/${id}/indicators`,
    contactDecision: (id = ':contactId') => `/api/v1/contacts/${id}/decision`,
    riskAssessments: '/api/v1/risk-assessments',
    maracEligibility: (id = ':personId') => `/api/v1/people/${id}/marac-eligibility`,
    maracReferrals: '/api/v1/marac-referrals',
    maracMeetings: '/api/v1/marac/meetings',
    maracMeeting: (id = ':meetingId') => `/api/v1/marac/meetings/${id}`,
    maracResearch: (id = ':meetingId', caseId = ':meetingCaseId') => `/api/v1/marac/meetings/${id}/cases/${caseId}/research`,
    maracAction: (id = ':actionId') => `/api/v1/marac/actions/${id}`,
  },
  assets: {
    govuk: '/assets',
    stylesheets: '/stylesheets',
    javascripts: '/javascripts',
  },
} as const;

/** Adds a query string to a path, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Only same-site paths may be returned to after sign-in. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : paths.home;
}
