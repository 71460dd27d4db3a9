// tests/browser/console.test.mjs — the staff console (/console) in a real browser: Debian's
// Chromium driven by playwright-core, on a 1366x768 office laptop and a 360 px phone.
//
//   tests/browser/run.sh BINARY ARTIFACT_DIR     (runs this file after lapor.test.mjs)
//   cd tests/browser && TANGGAP_BIN=../../build/tanggap TANGGAP_ARTIFACTS=/tmp/shots node console.test.mjs
//
// It starts the real server with --test-clock, logs in with <data>/admin.token, and goes through
// the steps below in order on one laptop tab (the token lives in that tab's sessionStorage; later
// steps use the cases and the clock earlier ones left). Screenshots go to the artifact directory
// as console-<step>-<what>.png; a failing step also leaves console-FAILED-<step>.png there, and the
// server's log is copied to console-server.log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifacts, binary, chromiumPath, launchBrowser, measureOverflow, noProblems, openPage, server, shot,
  startServer, stopServer, waitReady, warnIfStale, watchdog,
} from './harness.mjs';

const LAPTOP = { viewport: { width: 1366, height: 768 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta', acceptDownloads: true };
const PHONE = {
  viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  locale: 'id-ID', timezoneId: 'Asia/Jakarta',
};
// The steps provoke these answers on purpose and check them: 401 (a wrong token at the login and
// after it), 409 and 422 (commands), 422 (the queue's `q`, not searchable yet).
const expected4xx = (where) => where === '/api/v1/cases' || /^\/api\/v1\/cases\/[^/]+(\/commands)?$/.test(where);

let browser = null;
let laptop = null;     // the context, and its one tab that stays logged in through the steps
let tab = null;
let token = '';
const cases = {};      // what the steps filed: worked (received → closed), contested (the 409), late (the SLA board)
const commandRequests = [];  // every POST .../commands the page sent: { url, key }
const overflow = [];   // { where, width, scrollWidth, innerWidth, wide }

async function api(method, target, body) {
  const r = await fetch(`${server.baseUrl}${target}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text && r.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
}

async function fileCase(title, extra = {}) {
  const r = await api('POST', '/api/v1/cases', {
    service: 'pengaduan', office: 'kab-lumajang', title, body: `Isi laporan: ${title}.`,
    reporter: { name: 'Siti Aminah', phone: '0812-3456-7890' }, ...extra,
  });
  assert.equal(r.status, 201, `POST /api/v1/cases: ${JSON.stringify(r.body)}`);
  return r.body.id;
}

async function measure(page, where) {
  const width = page.viewportSize().width;
  const m = await measureOverflow(page, width);
  overflow.push({ where, width, ...m });
}

// Runs a step on the laptop tab (or a page `open` makes); on failure leaves console-FAILED-<n>.png.
function step(name, fn, { open = null } = {}) {
  test(name, { timeout: 60_000 }, async () => {
    const page = open ? await open() : tab;
    try {
      await fn(page);
    } catch (e) {
      await shot(page, `console-FAILED-${name.split(':')[0]}`).catch(() => {});
      throw e;
    } finally {
      if (open) await page.close();
    }
  });
}

async function gotoView(page, hash, visible) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.locator(visible).waitFor();
}

// Fills and sends one action form of the case page, and waits for the case to show `status`.
async function act(page, command, fields, status) {
  const form = page.locator(`form.action[data-command="${command}"]`);
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`);
    if (await input.evaluate((el) => el.tagName) === 'SELECT') await input.selectOption(String(value));
    else await input.fill(value);
  }
  await form.locator('button[type=submit]').click();
  await page.locator('#case-done:not([hidden])').waitFor();
  if (status) assert.equal((await page.locator('#case-status').textContent()).trim(), status);
}

before(async () => {
  assert.ok(fs.existsSync(binary), `no server binary at ${binary}`);
  assert.ok(fs.existsSync(chromiumPath), `no Chromium at ${chromiumPath} (apt-get install chromium)`);
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of fs.readdirSync(artifacts)) if (/^console-.*\.png$/.test(f)) fs.rmSync(path.join(artifacts, f));
  watchdog(180_000, 'console.test.mjs');
  [, browser] = await Promise.all([startServer(['--test-clock']).then(() => waitReady()), launchBrowser()]);
  token = fs.readFileSync(path.join(server.dataDir, 'admin.token'), 'utf8').trim();
  await warnIfStale(['console_main.js', 'console_actions.js', 'console.css']);
  const officer = await api('POST', '/api/v1/admin/users', { name: 'budi', role: 'officer', unit: 'bidang-rehsos' });
  assert.equal(officer.status, 201, `an officer account: ${JSON.stringify(officer.body)}`);
  laptop = await browser.newContext(LAPTOP);
  laptop.setDefaultTimeout(10_000);
  tab = await openPage(laptop, expected4xx);
  tab.on('request', (r) => {
    if (r.method() === 'POST' && /\/commands$/.test(new URL(r.url()).pathname))
      commandRequests.push({ url: r.url(), key: r.headers()['idempotency-key'] });
  });
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    await stopServer('console-server.log');
  }
});

// ---------------------------------------------------------------------------------------------

step('1: the login takes the admin token, refuses a wrong one, and keeps it in this tab only', async (page) => {
  assert.equal((await page.goto(`${server.baseUrl}/console`)).status(), 200);
  await page.locator('#login-form').waitFor();
  assert.equal(await page.locator('#nav').isVisible(), false, 'no navigation before the login');
  await measure(page, 'login');
  await page.locator('#login-token').fill('bukan-token-yang-benar');
  await page.locator('#login-form button[type=submit]').click();
  await page.locator('#login-message:not([hidden])').waitFor();
  assert.match(await page.locator('#login-message').textContent(), /Token tidak dikenal/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('tanggap.console.token')), null, 'a refused token is not kept');

  await page.locator('#login-token').fill(token);
  await page.locator('#login-form button[type=submit]').click();
  await page.locator('#view-queue:not([hidden])').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('tanggap.console.token')), token);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
  assert.equal(await page.locator('#login-token').inputValue(), '', 'the token field is emptied');
  await shot(page, 'console-1-queue-empty');
  noProblems(page);
});

step('2: the queue lists cases, filters them and pages with "Muat lagi"', async (page) => {
  cases.worked = await fileCase('Bantuan PKH belum cair');
  cases.contested = await fileCase('Kartu KKS rusak');
  cases.late = await fileCase('Rumah tidak layak huni');
  for (let i = 0; i < 25; i++) await fileCase(`Laporan tambahan ${i + 1}`);
  await page.locator('#queue-filters button[type=submit]').click();
  await page.locator('#queue-list > li').nth(24).waitFor();
  assert.equal(await page.locator('#queue-list > li').count(), 25, 'a page of 25');
  const more = page.locator('#queue-more');
  assert.ok(await more.isVisible(), '"Muat lagi" is offered');
  await more.click();
  await page.locator('#queue-list > li').nth(27).waitFor();
  assert.equal(await page.locator('#queue-list > li').count(), 28, 'all 28 after "Muat lagi"');
  await more.waitFor({ state: 'hidden' });
  const ids = await page.locator('#queue-list > li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  assert.equal(new Set(ids).size, 28, 'no case twice');
  assert.ok(ids.includes(cases.worked) && ids.includes(cases.late));
  const first = page.locator('#queue-list > li').first();
  assert.equal((await first.locator('.id').textContent()).trim(), ids[0]);
  assert.ok(await first.locator('.id').isVisible(), 'each entry shows its case id');
  await measure(page, 'queue');
  await shot(page, 'console-2-queue');

  // A filter with no match, then one that matches.
  await page.locator('#q-status').selectOption('closed');
  await page.locator('#queue-filters button[type=submit]').click();
  await page.locator('#queue-empty:not([hidden])').waitFor();
  assert.equal(await page.locator('#queue-list > li').count(), 0);
  await page.locator('#q-status').selectOption('received');
  await page.locator('#q-service').selectOption('pengaduan');
  await page.locator('#q-channel').selectOption('walk_in');
  await page.locator('#queue-filters button[type=submit]').click();
  await page.locator('#queue-list > li').nth(24).waitFor();
  assert.equal(await page.locator('#queue-empty').isVisible(), false);

  // The API cannot search text yet: the page says so next to the field.
  await page.locator('#q-q').fill('PKH');
  await page.locator('#queue-filters button[type=submit]').click();
  const qError = page.locator('#queue-filters p.error[data-field="q"]');
  await qError.waitFor();
  assert.match(await qError.textContent(), /Pencarian teks belum tersedia/);
  await page.locator('#q-q').fill('');
  await page.locator('#q-status').selectOption('');
  await page.locator('#queue-filters button[type=submit]').click();
  await qError.waitFor({ state: 'detached' });
  noProblems(page);
});

step('3: a case is worked from received to closed with the page\'s buttons', async (page) => {
  // The first case filed has the oldest activity: on the second page.
  await page.locator('#queue-more').click();
  await page.locator(`#queue-list > li[data-id="${cases.worked}"] a`).click();
  await page.locator('#case-body:not([hidden])').waitFor();
  assert.equal((await page.locator('#case-id').textContent()).trim(), cases.worked);
  assert.equal((await page.locator('#case-status').textContent()).trim(), 'Diterima');
  assert.match(await page.locator('#case-reporter').textContent(), /Siti Aminah/);
  assert.equal(await page.locator('#case-timeline > li').count(), 1, 'the submission');
  assert.equal(await page.locator('form.action[data-command="close"]').isVisible(), false, 'no "Tutup" for a new case');
  await measure(page, 'case (received)');

  await act(page, 'assign', { unit: 'bidang-rehsos', officer: 'budi' }, 'Diproses');
  await act(page, 'reply', { text: 'Terima kasih, laporan Anda sedang kami periksa bersama pendamping PKH.' }, 'Diproses');
  await act(page, 'resolve', { resolution: 'Bantuan sudah cair pada tahap berikutnya.' }, 'Selesai');
  await shot(page, 'console-3-case-resolved');
  await act(page, 'close', {}, 'Ditutup');
  const types = await page.locator('#case-timeline > li').evaluateAll((lis) => lis.map((li) => li.dataset.type));
  assert.deepEqual(types, ['CaseSubmitted', 'CaseAssigned', 'OfficerReplied', 'CaseResolved', 'CaseClosed']);
  assert.match(await page.locator('#case-timeline').textContent(), /pendamping PKH/);
  await measure(page, 'case (closed)');
  await shot(page, 'console-3-case-closed');

  const c = (await api('GET', `/api/v1/cases/${cases.worked}`)).body;
  assert.equal(c.status, 'closed');
  assert.equal(c.assignee, 'budi');
  assert.equal(c.unit, 'bidang-rehsos');
  const keys = commandRequests.map((r) => r.key);
  assert.equal(keys.length, 4, 'four commands sent');
  assert.ok(keys.every((k) => /^[0-9a-f]{32}$/.test(k)), `an Idempotency-Key on each: ${keys}`);
  assert.equal(new Set(keys).size, 4, 'a new key per action');
  noProblems(page);
});

step('4: a 409 asks for a reload and keeps what was typed; a 422 shows next to its form', async (page) => {
  await gotoView(page, `#/kasus/${cases.contested}`, '#case-body:not([hidden])');
  await page.locator('#case-id', { hasText: cases.contested }).waitFor();
  const typed = 'Mohon kirim foto kartu KKS yang rusak\nbeserta fotokopi KTP.';
  await page.locator('#a-reply-text').fill(typed);
  // A page reload keeps the typing too (drafts live in sessionStorage).
  await page.reload();
  await page.locator('#case-body:not([hidden])').waitFor();
  assert.equal(await page.locator('#a-reply-text').inputValue(), typed, 'the typing survives a page reload');

  // Meanwhile a colleague adds a note through the API.
  const before = (await api('GET', `/api/v1/cases/${cases.contested}`)).body.version;
  const note = await api('POST', `/api/v1/cases/${cases.contested}/commands`,
                         { type: 'note', expected_version: before, text: 'Dicek oleh rekan lewat API' });
  assert.equal(note.status, 200);

  await page.locator('form.action[data-command="reply"] button[type=submit]').click();
  await page.locator('#case-conflict:not([hidden])').waitFor();
  assert.match(await page.locator('#case-conflict').textContent(), /Kasus ini sudah diubah orang lain/);
  assert.equal(await page.locator('#a-reply-text').inputValue(), typed, 'the typing is kept after the 409');
  await shot(page, 'console-4-conflict');

  await page.locator('#case-reload').click();
  await page.locator('#case-conflict').waitFor({ state: 'hidden' });
  await page.locator('#case-timeline > li[data-type="NoteAdded"]').waitFor();
  assert.equal((await page.locator('#case-version').textContent()).trim(), `versi ${before + 1}`);
  assert.equal(await page.locator('#a-reply-text').inputValue(), typed, 'the typing survives "Muat ulang"');
  await act(page, 'reply', {}, 'Diproses');
  assert.equal(await page.locator('#a-reply-text').inputValue(), '', 'a sent reply leaves the field empty');
  const replies = (await api('GET', `/api/v1/cases/${cases.contested}`)).body.timeline.filter((e) => e.type === 'OfficerReplied');
  assert.deepEqual(replies.map((e) => e.data.text), [typed.trim()]);

  // Blank text passes the browser's "required" but not the API: its message stays with the form.
  await page.locator('#a-resolve-resolution').fill('   ');
  await page.locator('form.action[data-command="resolve"] button[type=submit]').click();
  const error = page.locator('form.action[data-command="resolve"] .error, form.action[data-command="resolve"] .form-message.error');
  await error.first().waitFor();
  assert.match(await error.first().textContent(), /belum dapat diterima|tidak berlaku/);
  assert.equal((await page.locator('#case-status').textContent()).trim(), 'Diproses', 'nothing changed');
  await measure(page, 'case (422)');
  await shot(page, 'console-4-422');
  noProblems(page);
});

step('5: the SLA board counts down and changes when the test clock moves', async (page) => {
  const late = (await api('GET', `/api/v1/cases/${cases.late}`)).body;
  const due = Date.parse(late.first_response_due);
  assert.ok(due > Date.parse((await api('GET', '/api/v1/sla/breaches')).body.at), 'not yet due');
  await gotoView(page, '#/sla', '#view-sla:not([hidden])');
  const overdueItem = page.locator(`#sla-overdue > li[data-id="${cases.late}"][data-clock="first_response"]`);
  const riskItem = page.locator(`#sla-risk > li[data-id="${cases.late}"][data-clock="first_response"]`);
  await page.locator('#sla-overdue-count', { hasText: '(' }).waitFor();
  assert.equal(await overdueItem.count(), 0, 'not overdue yet');

  // 20 minutes before the limit: at risk, counting down by the second.
  const moved = await api('POST', '/api/v1/admin/clock', { now: new Date(due - 20 * 60_000).toISOString() });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  await page.locator('#sla-horizon').selectOption('14400000');
  const countdownSelector = `#sla-risk > li[data-id="${cases.late}"][data-clock="first_response"] .countdown`;
  // Waits for the board as of the new clock (at some hours of the day the case is at risk before it).
  await page.waitForFunction((sel) => /^sisa (19|20) menit \d+ detik$/.test(document.querySelector(sel)?.textContent.trim()),
                             countdownSelector);
  const first = (await riskItem.locator('.countdown').textContent()).trim();
  await page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent.trim() !== was,
                             [countdownSelector, first], { timeout: 15_000 });
  await measure(page, 'SLA board');
  await shot(page, 'console-5-sla-at-risk');

  // An hour past the limit: overdue.
  const later = await api('POST', '/api/v1/admin/clock', { now: new Date(due + 60 * 60_000).toISOString() });
  assert.equal(later.status, 200);
  await page.locator('#sla-refresh').click();
  await overdueItem.waitFor();
  assert.equal(await riskItem.count(), 0, 'no longer "at risk"');
  assert.match((await overdueItem.locator('.countdown').textContent()).trim(), /^terlambat 1 jam/);
  assert.ok(await overdueItem.evaluate((li) => li.classList.contains('overdue')));
  assert.ok(await overdueItem.locator('.id').isVisible(), 'the board shows the case id');
  await shot(page, 'console-5-sla-overdue');
  noProblems(page);
});

step('6: the report draws its charts and downloads the CSV', async (page) => {
  // The late case answered and resolved an hour after its limit: clocks with hours to draw.
  let version = (await api('GET', `/api/v1/cases/${cases.late}`)).body.version;
  for (const command of [{ type: 'assign', unit: 'bidang-rehsos', officer: 'budi' },
                         { type: 'resolve', resolution: 'Sudah disurvei dan diusulkan ke program RTLH.' }]) {
    const r = await api('POST', `/api/v1/cases/${cases.late}/commands`, { ...command, expected_version: version });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    version = r.body.version;
  }
  await gotoView(page, '#/laporan', '#view-reports:not([hidden])');
  const created = Date.parse((await api('GET', `/api/v1/cases/${cases.worked}`)).body.submitted_at);
  const day = (ms) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' });
  const from = day(created - 40 * 86_400_000);
  const to = day(created + 40 * 86_400_000);
  await page.locator('#r-from').fill(from);
  await page.locator('#r-to').fill(to);
  await page.locator('#r-group').selectOption('service');
  await page.locator('#report-form button[type=submit]').click();
  await page.locator('#report-result:not([hidden])').waitFor();
  assert.equal(await page.locator('#report-charts svg.chart').count(), 3, 'three charts');
  assert.ok(await page.locator('#report-charts svg.chart rect.bar[data-value]:not([data-value=""])').count() >= 2,
            'bars for the measured clocks');
  const total = page.locator('#report-table tr.total');
  assert.match(await total.textContent(), /^Total28/);
  await page.locator('#report-charts').screenshot({ path: path.join(artifacts, 'console-6-report-charts.png') });
  await measure(page, 'reports');
  await shot(page, 'console-6-report');

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#report-csv').click()]);
  assert.equal(download.suggestedFilename(), `response-times-${from}-${to}.csv`);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  fs.writeFileSync(path.join(artifacts, 'console-6-report.csv'), csv);
  const lines = csv.trimEnd().split('\r\n');
  assert.match(lines[0], /^group,received,resolved,open,first_response_working_hours_median,/);
  assert.equal(lines.length, 3, 'header, pengaduan, total');
  assert.match(lines[1], /^pengaduan,28,2,26,/);
  assert.match(lines[2], /^total,28,2,26,/);
  // The same numbers as the API's JSON for the same period.
  const json = (await api('GET', `/api/v1/reports/response-times?from=${from}&to=${to}&group_by=service`)).body;
  const columns = lines[0].split(',');
  const totalRow = lines[2].split(',');
  const at = (name) => totalRow[columns.indexOf(name)];
  assert.equal(at('first_response_working_hours_median'), json.total.first_response.working_hours.median.toFixed(2));
  assert.equal(at('resolution_within_limit'), String(json.total.resolution.within_limit));
  assert.equal(at('breaches'), String(json.total.breaches));
  noProblems(page);
});

step('7: the console fits a 360 px phone: login, queue, case, SLA board, report', async (page) => {
  const views = [
    ['login', null, '#login-form'],
    ['queue', '#/antrean', '#queue-list > li:first-child'],
    ['case', `#/kasus/${cases.contested}`, '#case-body:not([hidden])'],
    ['SLA board', '#/sla', '#sla-overdue > li:first-child'],
    ['reports', '#/laporan', '#view-reports:not([hidden])'],
  ];
  assert.equal((await page.goto(`${server.baseUrl}/console`)).status(), 200);
  for (const [where, hash, visible] of views) {
    if (hash) await gotoView(page, hash, visible);
    else await page.locator(visible).waitFor();
    if (where === 'login') {
      await page.locator('#login-token').fill(token);
      await page.locator('#login-form button[type=submit]').click();
      await page.locator('#view-queue:not([hidden])').waitFor();
    }
    if (where === 'reports') {
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('#report-result:not([hidden])').waitFor();
    }
    await measure(page, `phone: ${where}`);
    await shot(page, `console-7-phone-${where.replace(/\W+/g, '-')}`);
  }
  noProblems(page);
}, { open: async () => openPage(await browser.newContext(PHONE), expected4xx) });

step('8: "Keluar" forgets the token; a token that stops working brings the login back', async (page) => {
  await gotoView(page, '#/antrean', '#view-queue:not([hidden])');
  await page.locator('#logout').click();
  await page.locator('#login:not([hidden])').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('tanggap.console.token')), null);
  assert.equal(await page.locator('#nav').isVisible(), false);
  await page.evaluate(() => { location.hash = '#/sla'; });
  assert.ok(await page.locator('#login').isVisible(), 'no view without a token');

  // A token the server no longer takes: the queue's call answers 401 and the login says why.
  await page.evaluate(() => sessionStorage.setItem('tanggap.console.token', 'token-yang-sudah-dicabut'));
  await page.goto(`${server.baseUrl}/console`);  // no fragment: a new load, the queue
  await page.locator('#login-message', { hasText: 'Sesi berakhir' }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('tanggap.console.token')), null);
  noProblems(page);
});

test('9: no horizontal scrolling at 360 px and at 1366x768', () => {
  const measured = overflow.map((m) => m.where);
  for (const needed of ['login', 'queue', 'case (closed)', 'SLA board', 'reports', 'phone: queue', 'phone: case', 'phone: reports'])
    assert.ok(measured.includes(needed), `${needed} was measured (its step must have run)`);
  const bad = overflow.filter((m) => m.innerWidth !== m.width || m.scrollWidth > m.innerWidth);
  assert.deepEqual(bad, [], 'pages wider than the screen');
});
