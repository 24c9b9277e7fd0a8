// Browser-test plumbing: Debian's Chromium driven by playwright-core, a `relais serve --demo`
// child process, console-error collection and screenshots under test-artifacts/.
// Without /usr/bin/chromium the browser suites are skipped with a message, unless
// RELAIS_REQUIRE_BROWSER=1 (CI), in which case they fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.RELAIS_CHROMIUM ?? '/usr/bin/chromium';
export const REQUIRE_BROWSER = process.env.RELAIS_REQUIRE_BROWSER === '1';
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

/** Why browser tests cannot run here, or null when they can. */
export const browserUnavailable: string | null = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
if (browserUnavailable && !REQUIRE_BROWSER) {
  console.warn(`[relais tests] browser tests SKIPPED: ${browserUnavailable}. CI sets RELAIS_REQUIRE_BROWSER=1 to make this a failure.`);
}

export async function launchBrowser(): Promise<Browser> {
  if (browserUnavailable) throw new Error(`browser tests required (RELAIS_REQUIRE_BROWSER=1) but ${browserUnavailable}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'],
  });
}

/** Every console error, failed request and uncaught exception of a page, for a final "none" assertion. */
export function collectErrors(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()} @ ${page.url()}`);
  });
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Streams and polls cut short by navigation or page close are not errors.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    into.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export interface DemoServer {
  baseUrl: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** `relais serve --demo` on a free port with a fresh PGlite folder (the built CLI; npm test builds first). */
export async function startDemoServer(env: Record<string, string> = {}, timeoutMs = 120_000): Promise<DemoServer> {
  if (!existsSync(join(REPO_ROOT, 'dist/web/console.html'))) throw new Error('dist/web is missing: run `npm run build` (npm test does it)');
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-web-'));
  // A private copy of the built pages: a rebuild of dist/ during the run cannot pull them away.
  const webDir = join(dataDir, 'web');
  cpSync(join(REPO_ROOT, 'dist/web'), webDir, { recursive: true });
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/relais.js'), 'serve', '--demo', '--port', '0', '--data-dir', join(dataDir, 'db')], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', RELAIS_LOG_LEVEL: 'error', RELAIS_WEB_DIR: webDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    baseUrl,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny JSON client for driving the scenario through the public API. */
export function apiClient(baseUrl: string, key: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  };
}
