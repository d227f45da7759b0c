// The operations dashboard in a real browser: Debian's chromium (never a downloaded one) driven by playwright-core.
// Run by org.mfgsync.visibility.DashboardBrowserTest, which prepares the data and passes it in the environment:
//   MFGSYNC_URL, MFGSYNC_TOKEN, MFGSYNC_PO (a PO with two OPEN exceptions whose cause is fixed), MFGSYNC_CORRELATION_ID
//   (the flow of the first), MFGSYNC_EXCEPTION_ID (the first), SCREENSHOTS (folder), CHROMIUM (default /usr/bin/chromium)
// Scenario: sign in, find the PO, open its timeline, replay the first exception and see it delivered, bulk-replay the
// rest after a dry run, then the held work, SLA and KPI pages; a screenshot of each main page. Exit 0 = passed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const base = env('MFGSYNC_URL').replace(/\/$/, '');
const token = env('MFGSYNC_TOKEN');
const po = env('MFGSYNC_PO');
const correlationId = env('MFGSYNC_CORRELATION_ID');
const exceptionId = env('MFGSYNC_EXCEPTION_ID');
const shots = env('SCREENSHOTS');
const executablePath = env('CHROMIUM', '/usr/bin/chromium');
fs.mkdirSync(shots, { recursive: true });

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mfgsync-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  // the fresh profile folder above is chromium's --user-data-dir (playwright passes it so)
});
const pageErrors = [];
const step = (text) => console.log(`[dashboard] ${text}`);
const page = context.pages()[0] ?? await context.newPage();
try {
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // an API's 404 (the KPI API on a server without it) is logged by chromium as a failed resource: expected, not an error
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`); });
  const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

  step('sign in');
  await page.goto(`${base}/ui/`);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#page-flows:not([hidden])');
  if (await page.evaluate(() => sessionStorage.getItem('mfgsync.adminToken')) !== token) throw new Error('the token is not in sessionStorage');

  step('find the PO by any business key and open its timeline');
  await page.fill('#flow-value', po);
  await page.click('#flow-search button[type=submit]');
  await page.click(`.flow-row[data-correlation-id="${correlationId}"]`);
  await page.waitForSelector('#timeline li.step');
  const timeline = await page.textContent('#timeline');
  if (!timeline.includes(correlationId) || !timeline.includes(po)) throw new Error(`timeline lacks the flow or its PO: ${timeline}`);
  await page.waitForFunction(() => document.querySelector('#counter-exceptions b').textContent !== '–');
  await shot('flows');

  step('list the PO\'s exceptions and replay one');
  await page.click('a[data-page=exceptions]');
  await page.fill('#exception-filter input[name=purchaseOrder]', po);
  await page.click('#exception-filter button[type=submit]');
  const row = `tr.exception-row[data-id="${exceptionId}"]`;
  await page.waitForSelector(`${row} .badge.OPEN`);
  await page.waitForSelector('tr.exception-row >> nth=1');
  await shot('exceptions');
  await page.click(`${row} button.replay`);
  step('wait until the replayed exception is delivered (RESOLVED)');
  await page.selectOption('#exception-filter select[name=status]', '');
  await page.click('#exception-filter button[type=submit]');
  await page.waitForSelector(`${row} .badge.RESOLVED`, { timeout: 30000 });

  step('bulk replay of the rest: dry run first, then the job');
  await page.click('#bulk-dry-run');
  await page.waitForSelector('#dry-run tr.dry-run-row');
  const dryRun = await page.textContent('#dry-run');
  if (!dryRun.includes('1 would be replayed') || !dryRun.includes('erp-cloud')) throw new Error(`unexpected dry run: ${dryRun}`);
  await shot('bulk-replay-dry-run');
  await page.click('#bulk-start');
  await page.waitForSelector('#replay-job[data-status=DONE]', { timeout: 30000 });
  await page.waitForSelector('#replay-job tr.job-item .badge.RESOLVED', { timeout: 30000 });
  await shot('bulk-replay-job');

  step('held work by target, with its impact');
  await page.click('a[data-page=targets]');
  await page.click('.card.target[data-target="erp-cloud"] button');
  await page.waitForSelector('#target-impact');
  // partner connections beside the held work: every inbound file connector with its state
  await page.waitForSelector('#partner-list tr.partner');
  await shot('held-work');

  step('SLA board');
  await page.click('a[data-page=sla]');
  await page.waitForSelector('#sla-list table, #sla-list .notice');
  await shot('sla');

  step('file jobs');
  await page.click('a[data-page=files]');
  await page.waitForSelector('#file-list table, #file-list .notice');
  await shot('file-jobs');

  step('KPIs: rendered whatever the server answers, or "not available"');
  await page.click('a[data-page=kpis]');
  await page.click('#kpi-form button[type=submit]');
  await page.waitForFunction(() => {
    const result = document.querySelector('#kpi-result');
    return result.querySelector('table.generic, .not-available') || (result.textContent && !result.textContent.includes('Loading'));
  });
  await shot('kpis');

  if (pageErrors.length) throw new Error(`errors in the page:\n${pageErrors.join('\n')}`);
  step('passed');
} catch (e) {
  // what the operator would have seen: the page's text and a screenshot, for the test's failure message
  await page.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  const shown = await page.evaluate(() => document.body.innerText).catch(() => '');
  console.log(`[dashboard] FAILED; the page showed:\n${shown}\n[dashboard] errors in the page: ${pageErrors.join('\n') || 'none'}`);
  throw e;
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
