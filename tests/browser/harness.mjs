// tests/browser/harness.mjs — what every browser test file needs: the real server on a free
// loopback port with a fresh data directory (always stopped, even when the node process is killed
// outright), Debian's Chromium, pages that remember their script and CSP errors, screenshots and
// the horizontal-overflow measure. Each test file runs in its own process, so this module's state
// is that file's.
//
// Environment: TANGGAP_BIN (the server binary; or argv[2]), TANGGAP_ARTIFACTS (or argv[3];
// default tests/browser/artifacts), TANGGAP_CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');  // the server runs there, beside ops/
export const binary = path.resolve(process.env.TANGGAP_BIN || process.argv[2] || path.join(repoRoot, 'build', 'tanggap'));
export const artifacts = path.resolve(process.env.TANGGAP_ARTIFACTS || process.argv[3] || path.join(here, 'artifacts'));
export const chromiumPath = process.env.TANGGAP_CHROMIUM || '/usr/bin/chromium';

export const server = { process: null, reaper: null, log: '', baseUrl: '', dataDir: '', tmpDir: '' };

export function killServer() {
  const p = server.process;
  if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}
process.on('exit', killServer);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { killServer(); process.exit(128 + os.constants.signals[signal]); });
}

// Gives up on the whole file after `ms`: a hung browser must not hang CTest.
export function watchdog(ms, name) {
  setTimeout(() => {
    console.error(`tests/browser: ${name} still running after ${ms} ms, giving up`);
    killServer();
    process.exit(1);
  }, ms).unref();
}

// Starts `tanggap serve` with a fresh data directory; resolves once it logs its port.
export function startServer(extraArgs = []) {
  server.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tanggap-browser-'));
  server.dataDir = path.join(server.tmpDir, 'data');
  return new Promise((resolve, reject) => {
    const p = spawn(binary, ['serve', '--data', server.dataDir, '--listen', '127.0.0.1:0', ...extraArgs],
                    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    server.process = p;
    const onData = (chunk) => {
      server.log += chunk.toString();
      const m = server.log.match(/listening on http:\/\/(127\.0\.0\.1:\d+)/);
      if (m && !server.baseUrl) { server.baseUrl = `http://${m[1]}`; resolve(); }
    };
    // If this process is killed outright (SIGKILL from a test runner's timeout), the reaper
    // sees its stdin close, kills the server and removes the data, so no server outlives the test.
    server.reaper = spawn('/bin/sh', ['-c', 'read _; kill -KILL "$1" 2>/dev/null; rm -rf -- "$2"', 'tanggap-reaper',
                                      String(p.pid), server.tmpDir],
                          { stdio: ['pipe', 'ignore', 'ignore'] });
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (!server.baseUrl) reject(new Error(`the server exited (${code ?? signal}) before listening:\n${server.log.slice(-2000)}`));
    });
  });
}

export async function waitReady(timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`the server exited (${server.process.exitCode}):\n${server.log.slice(-2000)}`);
    try {
      const r = await fetch(`${server.baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      last = `${r.status} ${await r.text()}`;
      if (r.status === 200) return;
    } catch (e) {
      last = String(e);
    }
    await new Promise((res) => setTimeout(res, 50));  // polling interval, not a wait for something
  }
  throw new Error(`/readyz not ready after ${timeoutMs} ms: ${last}`);
}

// Stops the server, writes its log to ARTIFACT_DIR/<logName>, removes its data.
export async function stopServer(logName) {
  killServer();
  const p = server.process;
  if (p && p.exitCode === null && p.signalCode === null) await new Promise((r) => p.once('exit', r));
  if (server.reaper) server.reaper.stdin.end();
  if (artifacts) fs.writeFileSync(path.join(artifacts, logName), server.log);
  if (server.tmpDir) fs.rmSync(server.tmpDir, { recursive: true, force: true });
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run'],
  });
}

// The pages are compiled into the binary: say so when it serves other files than the checkout's.
export async function warnIfStale(names) {
  for (const name of names) {
    const served = await (await fetch(`${server.baseUrl}/static/${name}`)).text();
    if (served !== fs.readFileSync(path.join(repoRoot, 'server', 'web', 'static', name), 'utf8'))
      console.error(`tests/browser: warning: ${binary} serves another ${name} than server/web/static/ (rebuild it?)`);
  }
}

// A page that remembers its script errors, CSP reports and failed requests. Chromium also logs
// "Failed to load resource" for every 4xx answer; `expected4xx(pathname)` names the paths whose
// 4xx answers a test provokes and checks itself.
export async function openPage(context, expected4xx = () => false) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url ? new URL(m.location().url).pathname : '';
    const expected = /^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())
                     && (where === '/favicon.ico' || expected4xx(where));
    if (!expected) page.problems.push(`console error: ${m.text()} (${m.location()?.url ?? ''})`);
  });
  page.on('requestfailed', (r) => page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/static/') && r.status() !== 200) page.problems.push(`${url.pathname}: HTTP ${r.status()}`);
  });
  return page;
}

export function noProblems(page) {
  assert.deepEqual(page.problems, [], 'the page had script errors or failed requests');
}

// Full page at the device's pixel ratio; a very tall page (over 8000 CSS px) at CSS pixels, which
// keeps the capture quick and the PNG within what image viewers open.
export async function shot(page, name) {
  const height = await page.locator('html').evaluate((h) => h.scrollHeight);
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true, timeout: 30_000,
                          scale: height > 8000 ? 'css' : 'device' });
}

// The page's width and the elements reaching past `width`. A mobile browser zooms a too-wide page
// out (innerWidth then grows with it), so the width itself is checked too.
export async function measureOverflow(page, width) {
  return page.evaluate((w) => {
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5)) {
        const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
        wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} [${Math.round(r.left)}..${Math.round(r.right)}]`);
      }
    }
    return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, wide: wide.slice(0, 10) };
  }, width);
}
