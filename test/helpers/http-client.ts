/** A browser's cookies and CSRF token over real HTTP, enough to sign in and post a form. */
export class CookieClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  }

  async csrfOf(path: string): Promise<string> {
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await this.fetch(path)).text())?.[1];
    if (!token) throw new Error(`no CSRF token on ${path}`);
    return token;
  }

  async signIn(email: string, password: string): Promise<void> {
    const body = new URLSearchParams({ _csrf: await this.csrfOf('/sign-in'), email, password, returnTo: '/' });
    const res = await this.fetch('/sign-in', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  }
}
