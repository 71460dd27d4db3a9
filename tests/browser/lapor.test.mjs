// tests/browser/lapor.test.mjs — the citizen's pages (/lapor, the receipt, /lacak) in a real
// browser: Debian's Chromium driven by playwright-core, at a phone viewport.
//
//   tests/browser/run.sh BINARY ARTIFACT_DIR     (installs the node modules, then runs this file)
//   cd tests/browser && TANGGAP_BIN=../../build/tanggap TANGGAP_ARTIFACTS=/tmp/shots node lapor.test.mjs
//
// It starts the real server on a free loopback port with a fresh data directory, runs the
// steps below in order (step 5 tracks the case that step 1 filed) and always stops the server.
// Full-page screenshots go to the artifact directory, named by step; a failing step also leaves
// FAILED-<step>.png there, and the server's log is copied to server.log.
//
// Environment: as harness.mjs says (TANGGAP_BIN, TANGGAP_ARTIFACTS, TANGGAP_CHROMIUM).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifacts, binary, chromiumPath, launchBrowser, measureOverflow as measureWidth, noProblems, openPage, server, shot,
  startServer, stopServer, waitReady, warnIfStale, watchdog,
} from './harness.mjs';

const WATCHDOG_MS = 120_000;  // the whole file; a run takes 20-30 s on a busy 2-core machine

const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'id-ID',
  timezoneId: 'Asia/Jakarta',
};

// A real 1x1 baseline JPEG (286 bytes, made by Chromium's canvas, ICC profile removed).
const JPEG_1x1 = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8t' +
  'MC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAAR' +
  'CAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAA' +
  'Bv/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJsAVBr/2Q==',
  'base64');

// ---------------------------------------------------------------------------------------------
// The server

let browser = null;
let phone = null;        // the browser context with JavaScript
let noJs = null;         // and one without
const filed = {};        // what step 1 and 2 filed: { id, code }
const overflow = [];     // horizontal overflow measured on each page: { where, scrollWidth, innerWidth, wide }

async function eventHead() {
  const r = await fetch(`${server.baseUrl}/readyz`);
  return (await r.json()).head;
}

async function staffCase(id) {
  const token = fs.readFileSync(path.join(server.dataDir, 'admin.token'), 'utf8').trim();
  const r = await fetch(`${server.baseUrl}/api/v1/cases/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200, `GET /api/v1/cases/${id}: ${r.status}`);
  return r.json();
}

before(async () => {
  assert.ok(fs.existsSync(binary), `no server binary at ${binary}`);
  assert.ok(fs.existsSync(chromiumPath), `no Chromium at ${chromiumPath} (apt-get install chromium)`);
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of fs.readdirSync(artifacts))  // this file's screenshots from an earlier run
    if (/^(\d[a-z]?|FAILED)-.*\.png$/.test(f)) fs.rmSync(path.join(artifacts, f));
  watchdog(WATCHDOG_MS, 'lapor.test.mjs');
  [, browser] = await Promise.all([startServer().then(() => waitReady()), launchBrowser()]);
  await warnIfStale(['lapor.js', 'tanggap.css']);
  phone = await browser.newContext(PHONE);
  phone.setDefaultTimeout(10_000);
  noJs = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  noJs.setDefaultTimeout(10_000);
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    await stopServer('server.log');
  }
});

// ---------------------------------------------------------------------------------------------
// Helpers

// Chromium logs "Failed to load resource" for a page answered 4xx: the 422 form and the 404
// tracking answer are checked by the steps themselves.
const expected4xx = (where) => ['/lapor', '/lacak'].includes(where);

// Runs a step with a fresh page; on failure leaves FAILED-<name>.png; always closes the page.
function step(name, fn, { context = () => phone } = {}) {
  test(name, { timeout: 30_000 }, async () => {
    const page = await openPage(context(), expected4xx);
    try {
      await fn(page);
    } catch (e) {
      await shot(page, `FAILED-${name.split(':')[0]}`).catch(() => {});
      throw e;
    } finally {
      await page.close();
    }
  });
}

// Clicks the submit button and waits for the answer to the form's request, the new document
// (the answer may come to the same URL, and may hold `waitFor` just like the page before it)
// and `waitFor` in it.
async function submit(page, form, waitFor) {
  const action = new URL(await page.locator(form).evaluate((f) => f.action));
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === action.pathname && r.request().isNavigationRequest()),
    page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()),
    page.locator(`${form} button[type=submit]`).click(),
  ]);
  await page.waitForLoadState('load');
  await page.locator(waitFor).waitFor();
  return response;
}

// The page's width and the elements reaching past the phone's width, kept for step 6.
async function measureOverflow(page, where) {
  const m = await measureWidth(page, PHONE.viewport.width);
  overflow.push({ where, ...m });
  return m;
}

async function fillReport(page, r) {
  if (r.layanan !== undefined) await page.locator('#f-layanan').selectOption(r.layanan);
  if (r.title !== undefined) await page.locator('#f-title').fill(r.title);
  if (r.body !== undefined) await page.locator('#f-body').fill(r.body);
  if (r.occurred_on !== undefined) await page.locator('#f-occurred_on').fill(r.occurred_on);
  if (r.location !== undefined) await page.locator('#f-location_text').fill(r.location);
  if (r.privacy !== undefined) await page.locator(`input[name=privacy][value=${r.privacy}]`).check();
  if (r.name !== undefined) await page.locator('#f-reporter_name').fill(r.name);
  if (r.nik !== undefined) await page.locator('#f-reporter_nik').fill(r.nik);
  if (r.phone !== undefined) await page.locator('#f-reporter_phone').fill(r.phone);
  if (r.email !== undefined) await page.locator('#f-reporter_email').fill(r.email);
  if (r.files !== undefined) await page.locator('#f-attachments').setInputFiles(r.files);
}

// A few days ago in Jakarta, as <input type=date> wants it.
function daysAgo(n) {
  return new Date(Date.now() - n * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' });
}

async function readReceipt(page, response) {
  assert.equal(response.status(), 200, `POST /lapor answered ${response.status()}`);
  const id = (await page.locator('#case-id').textContent()).trim();
  const code = (await page.locator('#tracking-code').textContent()).trim();
  assert.match(id, /^[A-Z]{3}-\d{4}-\d{6}$/, 'the case id');
  assert.match(code, /^[A-Z0-9]{8}$/, 'the tracking code');
  const href = await page.locator('#track-link').getAttribute('href');
  const link = new URL(href, server.baseUrl);
  assert.equal(link.pathname, '/lacak');
  assert.equal(link.searchParams.get('id'), id, 'the track link carries the id');
  assert.equal(link.searchParams.get('code'), code, 'the track link carries the code');
  return { id, code };
}

// ---------------------------------------------------------------------------------------------
// The steps

step('1: a report without attachment gets a receipt', async (page) => {
  const start = await page.goto(`${server.baseUrl}/lapor`);
  assert.equal(start.status(), 200);
  assert.equal(await page.locator('html.js').count(), 1, 'lapor.js ran');
  await measureOverflow(page, '/lapor (empty form)');
  await shot(page, '1-lapor-form');

  const report = {
    layanan: 'kab-lumajang/pengaduan',
    title: 'Bantuan PKH belum cair tiga bulan',
    body: 'Sejak Agustus bantuan PKH keluarga kami belum cair, padahal masih terdaftar. Mohon dicek.',
    occurred_on: daysAgo(3),
    location: 'Desa Sukodono, Kecamatan Sukodono',
    privacy: 'public',
    name: 'Siti Aminah',
    phone: '0812-3456-7890',
    email: 'siti@example.org',
  };
  await fillReport(page, report);
  const head = await eventHead();
  const response = await submit(page, '#lapor', '#case-id');
  filed.first = await readReceipt(page, response);
  assert.match(filed.first.id, /^ADU-/, 'a complaint (pengaduan) is numbered ADU-');
  assert.ok(await eventHead() > head, 'the case was stored');
  await measureOverflow(page, 'receipt');
  await shot(page, '1-receipt');

  // What the officer sees is what was typed.
  const c = await staffCase(filed.first.id);
  assert.equal(c.office, 'kab-lumajang');
  assert.equal(c.service, 'pengaduan');
  assert.equal(c.title, report.title);
  assert.equal(c.body, report.body);
  assert.equal(c.privacy, 'public');
  assert.equal(c.channel, 'web');
  assert.equal(c.occurred_on, report.occurred_on);
  assert.equal(c.location?.text, report.location);
  assert.equal(c.reporter?.name, report.name);
  assert.equal(c.reporter?.phone, '+6281234567890');
  assert.equal(c.reporter?.email, report.email);
  assert.deepEqual(c.attachments, []);
  noProblems(page);
});

step('2: a report with a JPEG attachment gets a receipt and keeps the file', async (page) => {
  const photo = path.join(server.tmpDir, 'bukti-foto.jpg');
  fs.writeFileSync(photo, JPEG_1x1);
  assert.equal((await page.goto(`${server.baseUrl}/lapor`)).status(), 200);
  await fillReport(page, {
    layanan: 'kab-purwakarta/pengaduan',
    title: 'Kartu KKS rusak',
    body: 'Kartu KKS ibu saya patah sehingga tidak bisa dipakai di e-warong. Foto terlampir.',
    privacy: 'confidential',
    name: 'Budi Santoso',
    files: photo,
  });
  assert.equal(await page.locator('.error').count(), 0, 'the file passes the client-side checks');
  const response = await submit(page, '#lapor', '#case-id');
  filed.second = await readReceipt(page, response);
  await shot(page, '2-receipt-with-attachment');

  const c = await staffCase(filed.second.id);
  assert.equal(c.privacy, 'confidential');
  assert.equal(c.attachments.length, 1, `one attachment: ${JSON.stringify(c.attachments)}`);
  const a = c.attachments[0];
  assert.equal(a.media_type, 'image/jpeg');
  assert.equal(a.name, 'bukti-foto.jpg');
  assert.equal(a.size, JPEG_1x1.length);
  assert.equal(a.sha256, createHash('sha256').update(JPEG_1x1).digest('hex'));
  noProblems(page);
});

step('3a: with JavaScript, an empty title is caught before sending', async (page) => {
  assert.equal((await page.goto(`${server.baseUrl}/lapor`)).status(), 200);
  await fillReport(page, {
    layanan: 'kab-madiun/pengaduan',
    body: 'Isi laporan tanpa judul.',
    privacy: 'public',
    name: 'Rina',
  });
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
  const head = await eventHead();
  await page.evaluate(() => { window.sameDocument = true; });
  const sent = page.waitForRequest((r) => r.method() === 'POST', { timeout: 15_000 }).then(() => 'sent', () => 'timeout');
  await page.locator('#lapor button[type=submit]').click();

  const message = page.locator('#e-title[data-client]');
  const first = await Promise.race([message.waitFor().then(() => 'message'), sent]);
  assert.equal(first, 'message', 'the form was sent with an empty title');
  assert.equal((await message.textContent()).trim(), 'Tulis judul laporan Anda.');
  assert.ok(await message.isVisible(), 'the message is visible');
  assert.ok(await page.evaluate(() => {
    const p = document.querySelector('#e-title[data-client]');
    return p.closest('.field') === document.getElementById('f-title').closest('.field')
        && p.closest('.field').classList.contains('invalid');
  }), 'the message sits in the title field, which is marked invalid');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-title', 'the title field has the focus');
  assert.equal(await page.locator('p.error').count(), 1, 'only the title is reported');
  assert.equal(await page.locator('#lapor button[type=submit]').isEnabled(), true, 'the button can be pressed again');
  await shot(page, '3a-client-error');
  // Nothing left the browser: no POST request, no new event in the store.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  assert.deepEqual(posts, [], 'no POST was sent');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page did not navigate');
  assert.equal(await eventHead(), head, 'nothing was stored');
  assert.equal(new URL(page.url()).pathname, '/lapor');
  noProblems(page);
});

step('3b: without JavaScript, the server answers 422 with the messages and the typed text', async (page) => {
  assert.equal((await page.goto(`${server.baseUrl}/lapor`)).status(), 200);
  assert.equal(await page.locator('html.js').count(), 0, 'lapor.js did not run');
  const typedBody = 'Isi laporan yang sudah diketik panjang-panjang tidak boleh hilang.';
  await fillReport(page, {
    layanan: 'kab-pasuruan/pengaduan',
    title: '',
    body: typedBody,
    privacy: 'public',
    name: 'Ahmad',
    nik: '12345',
  });
  const head = await eventHead();
  const response = await submit(page, '#lapor', '#e-title');
  assert.equal(response.status(), 422);
  assert.equal(await eventHead(), head, 'nothing was stored');
  assert.ok(await page.locator('#error-summary').isVisible(), 'the summary is shown');
  assert.ok(await page.locator('#e-title').isVisible(), 'the title message is shown');
  assert.ok(await page.locator('#e-reporter_nik').isVisible(), 'the NIK message is shown');
  assert.match(await page.locator('#e-reporter_nik').textContent(), /16 angka/);
  // The summary's links lead to the fields.
  const targets = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(targets.sort(), ['#f-reporter_nik', '#f-title']);
  // What was typed is kept.
  assert.equal(await page.locator('#f-body').inputValue(), typedBody);
  assert.equal(await page.locator('#f-reporter_name').inputValue(), 'Ahmad');
  assert.equal(await page.locator('#f-reporter_nik').inputValue(), '12345');
  assert.equal(await page.locator('#f-layanan').inputValue(), 'kab-pasuruan/pengaduan');
  assert.equal(await page.locator('input[name=privacy][value=public]').isChecked(), true);
  assert.equal(await page.locator('#e-title[data-client]').count(), 0, 'no client-side message without JavaScript');
  await measureOverflow(page, '/lapor (422, no JavaScript)');
  await shot(page, '3b-server-422');
  noProblems(page);
}, {
  context: () => noJs,
});

step('4: the chosen service shows its requirements; "Anonim" hides the name', async (page) => {
  assert.equal((await page.goto(`${server.baseUrl}/lapor`)).status(), 200);
  const requirements = page.locator('#requirements');
  assert.equal(await requirements.isVisible(), false, 'no requirements before a service is chosen');
  assert.equal(await page.locator('.service-info.shown').count(), 0);

  await page.locator('#f-layanan').selectOption('kab-purwakarta/usulan-dtsen');
  const shown = page.locator('.service-info.shown');
  await shown.waitFor();
  assert.equal(await shown.count(), 1, 'exactly one service is shown');
  assert.equal(await shown.getAttribute('data-service'), 'kab-purwakarta/usulan-dtsen');
  assert.ok(await shown.isVisible(), 'its requirements are visible');
  assert.equal(await page.locator('.service-info:visible').count(), 1, 'the other services stay hidden');
  assert.match(await shown.textContent(), /Persyaratan:/);
  assert.ok(await shown.locator('ul > li').count() > 0, 'it lists requirements');
  assert.ok(await requirements.evaluate((d) => d.open), 'the requirements are open');
  await measureOverflow(page, '/lapor (requirements shown)');
  await shot(page, '4-requirements');

  await page.locator('#f-layanan').selectOption('kab-lumajang/pengaduan');
  await page.locator('.service-info.shown[data-service="kab-lumajang/pengaduan"]').waitFor();
  assert.equal(await page.locator('.service-info:visible').count(), 1, 'switching the service swaps the requirements');

  const name = page.locator('#f-reporter_name');
  assert.ok(await name.isVisible(), 'the name is asked for by default');
  await page.locator('label.choice', { has: page.locator('input[value=anonymous]') }).tap();
  assert.ok(await page.locator('input[name=privacy][value=anonymous]').isChecked(), 'tapping the label chose "Anonim"');
  await name.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('#f-reporter_nik').isVisible(), false, 'the NIK is hidden too');
  await shot(page, '4-anonymous');
  await page.locator('input[name=privacy][value=confidential]').check();
  await name.waitFor({ state: 'visible' });
  noProblems(page);
});

step('5: /lacak finds the new case by id and code; a wrong code is not found', async (page) => {
  assert.ok(filed.first, 'needs the case filed in step 1');
  const { id, code } = filed.first;
  assert.equal((await page.goto(`${server.baseUrl}/lacak`)).status(), 200);
  await measureOverflow(page, '/lacak (empty)');
  await page.locator('#f-id').pressSequentially(id);
  await page.locator('#f-code').pressSequentially(code);
  const found = await submit(page, '#lacak', '#case');
  assert.equal(found.status(), 200);
  assert.equal((await page.locator('#status').textContent()).trim(), 'Diterima');
  assert.match((await page.locator('#step').textContent()).trim(), /^Langkah 1 dari \d+/);
  assert.match(await page.locator('#case h2').textContent(), new RegExp(id));
  assert.ok(await page.locator('#timeline > li').count() >= 1, 'the timeline has the submission');
  assert.equal(await page.locator('#not-found').count(), 0);
  await measureOverflow(page, '/lacak (case)');
  await shot(page, '5-lacak-found');

  // Phones type lower case: the code is accepted as typed.
  await page.locator('#f-id').fill(id.toLowerCase());
  await page.locator('#f-code').fill(code.toLowerCase());
  const lower = await submit(page, '#lacak', '#case');
  assert.equal(lower.status(), 200, 'a lower-case id and code find the case');

  const wrong = code.startsWith('X') ? `Y${code.slice(1)}` : `X${code.slice(1)}`;
  await page.locator('#f-id').fill(id);
  await page.locator('#f-code').fill(wrong);
  const missing = await submit(page, '#lacak', '#not-found');
  assert.equal(missing.status(), 404);
  assert.ok(await page.locator('#not-found').isVisible());
  assert.equal(await page.locator('#case').count(), 0, 'no case shown for a wrong code');
  assert.equal(await page.locator('#f-id').inputValue(), id, 'the id stays in the form');
  await measureOverflow(page, '/lacak (not found)');
  await shot(page, '5-lacak-not-found');
  noProblems(page);
});

test('6: no horizontal scrolling at 360 px on /lapor, the receipt and /lacak', () => {
  const pages = overflow.map((m) => m.where);
  for (const needed of ['/lapor (empty form)', '/lapor (requirements shown)', 'receipt', '/lacak (case)'])
    assert.ok(pages.includes(needed), `${needed} was measured (its step must have run)`);
  const bad = overflow.filter((m) => m.innerWidth !== PHONE.viewport.width || m.scrollWidth > m.innerWidth);
  assert.deepEqual(bad, [], 'pages wider than the phone');
});
