import type { SsoRefusalReason } from './service.js';

/**
 * What a person is told when signing in through their council's provider did not let them in: a
 * heading, what happened in plain words, and what to do. `again` offers to start again.
 */
export interface RefusalPage {
  title: string;
  paragraphs: string[];
  status: 400 | 403 | 503;
  again: boolean;
}

const ASK_IT = 'If this keeps happening, tell your IT service desk.';

export const REFUSALS: Record<SsoRefusalReason, RefusalPage> = {
  'no-attempt': {
    title: 'Start signing in again',
    paragraphs: [
      'Wraparound could not match your return from your council’s sign-in page to a sign-in started in this browser. This happens after more than 10 minutes, after using a bookmark or the back button, or when the sign-in was started in another browser.',
    ],
    status: 400,
    again: true,
  },
  'provider-refused': {
    title: 'Your council account did not sign you in',
    paragraphs: [
      'Your council’s sign-in service did not sign you in to Wraparound. You may have cancelled, or your council account may not be allowed to use Wraparound.',
      'If you need Wraparound for your work, ask your IT service desk.',
    ],
    status: 403,
    again: true,
  },
  'invalid-response': {
    title: 'Your sign-in could not be checked',
    paragraphs: ['Wraparound could not confirm your sign-in with your council’s sign-in service, so you have not been signed in. Try again.', ASK_IT],
    status: 400,
    again: true,
  },
  'expired-token': {
    title: 'Your sign-in had expired',
    paragraphs: [
      'The sign-in your council’s sign-in service sent had expired by the time it reached Wraparound, so it was not accepted. Try again.',
      `${ASK_IT} The clocks of the two services may not agree.`,
    ],
    status: 400,
    again: true,
  },
  'provider-unavailable': {
    title: 'Your council’s sign-in service is not answering',
    paragraphs: ['Wraparound could not reach your council’s sign-in service. Try again in a few minutes.', ASK_IT],
    status: 503,
    again: true,
  },
  'settings-unusable': {
    title: 'Signing in with your council account is not working',
    paragraphs: [
      'Wraparound cannot use your council’s sign-in settings just now, so nobody can sign in with their council account.',
      'Tell your Wraparound administrator: the single sign-on settings must be made again.',
    ],
    status: 503,
    again: false,
  },
  'no-email': {
    title: 'Your council account has no email address',
    paragraphs: ['Wraparound knows people by their work email address, and your council’s sign-in service did not send one. Ask your IT service desk to add it to your account.'],
    status: 403,
    again: false,
  },
  'no-groups-claim': {
    title: 'Your council’s sign-in did not say which groups you are in',
    paragraphs: [
      'Wraparound gives access by the groups you are in at your council, and your council’s sign-in service did not send them. You have not been signed in, and nothing about your access has changed.',
      'Tell your IT service desk: the sign-in service must send the groups claim to Wraparound.',
    ],
    status: 403,
    again: false,
  },
  'no-mapped-group': {
    title: 'You do not have access to Wraparound',
    paragraphs: [
      'Your council account is not in any group that gives access to Wraparound, so you have not been signed in.',
      'If you need Wraparound for your work, ask your manager to ask your IT service desk to add you to the right group.',
    ],
    status: 403,
    again: false,
  },
  'conflicting-roles': {
    title: 'Your council groups give you roles that cannot go together',
    paragraphs: [
      'Your council account is in a group that makes you a Wraparound administrator and in a group for work with families. One person cannot hold both, so you have not been signed in and nothing about your access has changed.',
      'Ask your IT service desk to take you out of one of the groups, or to give the administrator role to a separate account.',
    ],
    status: 403,
    again: false,
  },
  'no-account': {
    title: 'You do not have a Wraparound account yet',
    paragraphs: [
      'Your council account is in a group that uses Wraparound, but your council adds each person to Wraparound itself.',
      'Ask your Wraparound administrator to add you, then sign in again.',
    ],
    status: 403,
    again: false,
  },
  inactive: {
    title: 'Your Wraparound account is closed',
    paragraphs: ['An administrator has deactivated your Wraparound account. If you need it again, ask your Wraparound administrator.'],
    status: 403,
    again: false,
  },
  'another-person': {
    title: 'Your Wraparound account belongs to someone else',
    paragraphs: [
      'The Wraparound account with your email address is linked to a different person at your council’s sign-in service, so you have not been signed in.',
      'Ask your Wraparound administrator to check the account.',
    ],
    status: 403,
    again: false,
  },
  'email-in-use-elsewhere': {
    title: 'Your email address is used by another Wraparound account',
    paragraphs: ['Another Wraparound account already uses your email address, so one could not be made for you. Ask your Wraparound administrator.'],
    status: 403,
    again: false,
  },
};
