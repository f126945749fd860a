// What the HTTP benchmarks share: running an `rtc` command to the end, waiting for a started server to answer, and
// signing in through the real form as a browser would.
import { spawn } from 'node:child_process';
import { demoPasswordText } from '../src/demo/demo-region.ts';

/** Runs a command to the end, failing if it exits with anything but 0; its errors are shown, its output is not. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

export async function waitForHealth(base: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not start');
}

/** Signs in through the real form (CSRF token and all) and returns the cookie header a browser would send. */
export async function signIn(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const csrfCookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ email, password: demoPasswordText, _csrf: token }),
  });
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  const session = response.headers.getSetCookie().find((c) => c.startsWith('rtc_session='))!.split(';')[0];
  return `${csrfCookie}; ${session}`;
}
