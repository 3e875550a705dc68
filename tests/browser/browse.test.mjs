// Browsing seeother in a real browser: Debian's Chromium, headless, driven by playwright-core,
// against the real binary serving the sample, a hostile fixture and a generated hub.
// Every page visited must log no console error, no page error and no CSP violation; no
// dialog may ever open. Screenshots go to $SEEOTHER_ARTIFACTS/screenshots.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, here, startServer } from './server.mjs';

const chromiumPath = process.env.SEEOTHER_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromiumPath) || !existsSync(join(here, 'node_modules', 'playwright-core'))) {
  // ctest reports exit code 77 as a skip, with this line as the reason; scripts/test installs
  // both and fails on any skip.
  console.log('SKIPPED: chromium or playwright-core is missing; run scripts/install-deps ' +
    '--test and npm ci --prefix tests/browser');
  process.exit(77);
}
const { chromium } = await import('playwright-core');

const shots = join(artifacts || join(here, 'artifacts'), 'screenshots');
mkdirSync(shots, { recursive: true });

// A 1×1 PNG for images from elsewhere: the machine has no internet, and the page must load
// without network errors.
const pixel = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64');

const launchOptions = {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  locale: 'en-US',
};

let server;
let context;
let profile;
const problems = []; // console errors, page errors, CSP violations, dialogs

async function openPage(options = {}) {
  const page = await context.newPage();
  if (options.headers)
    await page.setExtraHTTPHeaders(options.headers);
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
      problems.push(`console ${message.type()} on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on('dialog', async (dialog) => {
    problems.push(`dialog on ${page.url()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return page;
}

/// Fails the current test if anything went wrong in the browser so far.
function assertClean() {
  const found = problems.splice(0);
  assert.deepEqual(found, [], found.join('\n'));
}

async function shot(page, name, options = {}) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false, ...options });
}

before(async () => {
  server = await startServer();
  profile = mkdtempSync(join(tmpdir(), 'seeother-chromium-'));
  context = await chromium.launchPersistentContext(profile, launchOptions);
  await routeImages(context);
});

/// Everything not from seeother is an image from the data: answer with a pixel.
async function routeImages(browserContext) {
  await browserContext.route(
    (url) => !url.href.startsWith(server.origin) && /^https?:/.test(url.href),
    (route) => route.fulfill({ status: 200, contentType: 'image/png', body: pixel }));
}

after(async () => {
  await context?.close();
  const code = await server?.stop();
  if (profile)
    rmSync(profile, { recursive: true, force: true });
  assert.equal(code, 0, 'seeother exits 0 on SIGTERM');
});

describe('browsing seeother in Chromium', () => {
  test('dereferencing /id/X lands on /doc/X and shows the label', async () => {
    const page = await openPage();
    const response = await page.goto(`${server.origin}/id/alice`);
    assert.equal(page.url(), `${server.origin}/doc/alice`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /default-src 'none'/);
    assert.equal(await page.textContent('h1'), 'Alice Martin');
    assert.equal(await page.title(), 'Alice Martin');
    assert.equal(await page.locator('ul.types li').count(), 2);
    // The embedded JSON-LD is data: it parses and names the thing; it did not run.
    const jsonld = JSON.parse(await page.textContent('script[type="application/ld+json"]'));
    assert.ok(JSON.stringify(jsonld).includes('alice'));
    await shot(page, 'alice');
    await page.close();
    assertClean();
  });

  test('clicking a linked thing follows the 303 to its document', async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/doc/alice`);
    await page.getByRole('link', { name: 'Bob Keller' }).first().click();
    await page.waitForURL(`${server.origin}/doc/bob`);
    assert.equal(await page.textContent('h1'), 'Bob Keller');
    // Nested blank nodes are shown inline, and backlinks are listed.
    await page.goto(`${server.origin}/doc/alice`);
    assert.ok(await page.locator('.nested .nested').count() >= 1);
    assert.ok((await page.textContent('section[aria-labelledby="referenced-by"]')).includes('Referenced by'));
    await page.close();
    assertClean();
  });

  test('the language follows Accept-Language, and can be switched', async () => {
    // A French-speaking reader: a browser whose locale (and so Accept-Language) is fr-CH.
    const french = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'seeother-fr-')),
      { ...launchOptions, locale: 'fr-CH' });
    await routeImages(french);
    try {
      const page = await french.newPage();
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${server.origin}/id/gen%C3%A8ve`);
      assert.equal(page.url(), `${server.origin}/doc/gen%C3%A8ve`);
      assert.equal(await page.textContent('h1'), 'Genève');
      assert.equal(await page.getAttribute('h1', 'lang'), 'fr');
      await shot(page, 'geneve-fr');
      assert.deepEqual(errors, []);
    } finally {
      await french.close();
    }

    const english = await openPage();
    await english.goto(`${server.origin}/doc/gen%C3%A8ve`);
    assert.equal(await english.textContent('h1'), 'Geneva');
    // The image of the data is shown (from the routed pixel), with alt text.
    const image = english.locator('img[alt="Image of Geneva"]');
    assert.equal(await image.count(), 1);
    assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0));
    await english.getByRole('link', { name: 'fr', exact: true }).click();
    await english.waitForURL(/\?lang=fr$/);
    assert.equal(await english.textContent('h1'), 'Genève');
    assert.equal(await english.getAttribute('nav[aria-label="Language"] [aria-current]', 'lang'),
      'fr');
    // Other languages stay reachable: folded, one click away.
    const folded = english.locator('details.more').first();
    assert.equal(await folded.evaluate((d) => d.open), false);
    await folded.locator('summary').click();
    assert.equal(await folded.evaluate((d) => d.open), true);
    await english.close();
    assertClean();
  });

  test('the search box finds things by label, ignoring case and accents', async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/`);
    assert.match(await page.textContent('h1'), /^Linked Data at /);
    await shot(page, 'home');
    const box = page.locator('main input[type="search"]');
    await box.fill('LEMAN');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=LEMAN$/);
    const hits = page.locator('ol.hits li');
    assert.ok(await hits.count() >= 2);
    assert.match(await hits.first().textContent(), /Léman/);
    await shot(page, 'search');
    await hits.first().locator('a').click();
    await page.waitForURL(`${server.origin}/doc/lake-geneva`);
    assert.equal(await page.textContent('h1'), 'Lake Geneva');
    await page.close();
    assertClean();
  });

  test('a hub with 2,500 backlinks is paged through with Next', async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/doc/hub`);
    assert.match(await page.textContent('section[aria-labelledby="referenced-by"]'), /\(2,500\)/);
    assert.match(await page.textContent('nav.pager'), /Page 1 of 25/);
    await page.locator('nav.pager a[rel="next"]').click();
    await page.waitForURL(/\?page=2$/);
    assert.match(await page.textContent('nav.pager'), /Page 2 of 25/);
    assert.match(await page.textContent('section[aria-labelledby="referenced-by"]'), /Showing 101–200 of 2,500/);
    await page.locator('nav.pager a[rel="prev"]').click();
    await page.waitForURL(/\?page=1$/);
    assert.match(await page.textContent('nav.pager'), /Page 1 of 25/);
    // A class page of the hub's members pages too.
    await page.goto(`${server.origin}/`);
    await page.locator('main a[href*="vocab%23Member"]').first().click();
    assert.match(await page.textContent('main'), /2,500 things have this type/);
    await shot(page, 'class-members');
    await page.close();
    assertClean();
  });

  test('hostile literals show as text and nothing runs', async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/doc/hostile`);
    assert.equal(await page.textContent('h1'), '<script>alert(\'x\')</script> & "quotes"');
    // The only script element is the JSON-LD data block.
    assert.equal(await page.locator('script').count(), 1);
    assert.equal(await page.locator('script[type="application/ld+json"]').count(), 1);
    assert.equal(await page.locator('style').count(), 1);
    // javascript: and data: IRIs are text, never links or image sources.
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.href));
    assert.ok(hrefs.every((href) => /^(https?|mailto):/.test(href)), hrefs.join('\n'));
    const sources = await page.locator('img').evaluateAll((images) => images.map((i) => i.src));
    assert.deepEqual(sources, ['https://images.example.net/hostile.png']);
    assert.ok((await page.textContent('main')).includes('javascript:alert(5)'));
    // Controls and noncharacters show as control pictures and escapes, never as themselves.
    const main = await page.textContent('main');
    assert.ok(main.includes('bell \u2407 escape \u241B delete \u2421 next-line \\u0085 \\u009F ' +
      'noncharacters \\uFDD0 \\uFFFE \\U0001FFFF tab\tand'), main);
    assert.ok(main.includes('/ctl/\\u0085\\uFFFE\u2401'), main);
    assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]/u
      .test(main), main);
    assert.ok(await page.locator('.ctl').count() >= 9);
    // The injected style did not apply, and the page is still visible.
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).display), 'block');
    await shot(page, 'hostile', { fullPage: true });
    await page.close();
    assertClean();
  });

  test('pages read well on a phone and in dark mode, and keyboard users can skip', async () => {
    const phone = await openPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.origin}/doc/trail/lavaux`);
    // No horizontal scrolling on a narrow screen.
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1));
    assert.equal(await phone.locator('ol.list li').count(), 4);
    await shot(phone, 'lavaux-phone', { fullPage: true });
    await phone.keyboard.press('Tab');
    assert.equal(await phone.evaluate(() => document.activeElement.textContent), 'Skip to content');
    await phone.close();

    const dark = await openPage();
    await dark.emulateMedia({ colorScheme: 'dark' });
    await dark.goto(`${server.origin}/doc/lake-geneva`);
    const background = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(19, 20, 22)');
    // The long comment is folded, and opens.
    const long = dark.locator('details.long').first();
    assert.equal(await long.evaluate((d) => d.open), false);
    await long.locator('summary').click();
    assert.equal(await long.evaluate((d) => d.open), true);
    await shot(dark, 'lake-geneva-dark');
    await dark.close();
    assertClean();
  });

  test('a description page for the README (docs/screenshot.png)', async () => {
    const page = await openPage();
    await page.setViewportSize({ width: 1000, height: 860 });
    await page.goto(`${server.origin}/doc/trail/lavaux`);
    await shot(page, 'readme');
    await page.close();
    assertClean();
  });
});
