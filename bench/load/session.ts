/** Signs in through the real sign-in form and returns the Cookie header of the new session. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name.trim(), value.join('='));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${url}/sign-in`);
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: csrf, email, password, returnTo: '/' }).toString(),
  });
  keep(res);
  if (res.status !== 303) throw new Error(`Signing in as ${email} failed: ${res.status}`);
  return cookie();
}

/** The CSRF token of a signed-in session, read from a form page (it is the session's, so one serves every POST). */
export async function csrfOf(url: string, formPath: string, cookie: string): Promise<string> {
  const res = await fetch(`${url}${formPath}`, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  if (!token) throw new Error(`No form at ${formPath} (${res.status})`);
  return token;
}
