/** Every URL the service serves, in one place. Features build links from here, never from strings. */
export const paths = {
  home: '/',
  health: '/health',
  metrics: '/metrics',
  signIn: '/sign-in',
  signOut: '/sign-out',
  signedOut: '/signed-out',
  keepAlive: '/session/keep-alive',
  account: {
    password: '/account/password',
  },
  admin: {
    users: '/admin/users',
    newUser: '/admin/users/new',
    user: (id = ':userId') => `/admin/users/${id}`,
    userDeactivate: (id = ':userId') => `/admin/users/${id}/deactivate`,
    userReactivate: (id = ':userId') => `/admin/users/${id}/reactivate`,
    userResetPassword: (id = ':userId') => `/admin/users/${id}/reset-password`,
    teams: '/admin/teams',
  },
  audit: {
    events: '/audit',
  },
  api: {
    openapi: '/api/v1/openapi.json',
    whoami: '/api/v1/whoami',
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
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : paths.home;
}
