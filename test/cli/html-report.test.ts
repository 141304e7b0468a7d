import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../support/cli.js';

/**
 * The HTML report in a real browser: Debian's Chromium, driven by playwright-core (no browser
 * download). `.ci/run` installs it; without it the test is skipped and says why. Screenshots go to
 * test-output/ (git-ignored) for review.
 */
const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(ROOT, 'test-output');
const available = existsSync(CHROMIUM);
if (!available) console.warn(`html-report.test.ts: skipped — ${CHROMIUM} is absent (apt-get install -y chromium)`);

describe.skipIf(!available)('the HTML report in headless Chromium', () => {
  let context: BrowserContext;
  let profile: string;
  const file = path.join(OUT, 'report.html');

  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    const { code, stderr } = await cli(['scan', 'examples', '--output', `html=${file}`, '--output', `json=${path.join(OUT, 'report.json')}`]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    profile = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1366, height: 900 },
      offline: true,
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('renders without console errors or requests, shows the five points with their scores, switches language', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href);

    const cards = page.locator('.cards .card');
    expect(await cards.count()).toBe(6);
    const titles = await page.locator('.cards .card-title').allInnerTexts();
    expect(titles.slice(0, 5).map((t) => t.replace(/\s+/g, ' '))).toEqual([
      '1. Connection: how VMs are reached',
      '2. Virtual network',
      '3. Virtual machine',
      '4. Microsoft Entra ID and Azure RBAC',
      '5. Threat monitoring',
    ]);
    const report = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(OUT, 'report.json'), 'utf8'));
    for (const summary of report.summary as { pillar: string; score: number | null }[]) {
      const shown = await page.locator(`.card[data-pillar="${summary.pillar}"] .score`).innerText();
      expect(shown.replace(/\s+/g, '')).toBe(summary.score === null ? '—' : `${summary.score}/100`);
    }
    expect(await page.locator('svg.chart').count()).toBe(2);
    expect(await page.locator('#exposure .vm').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUT, 'html-report-en.png') });
    await page.screenshot({ path: path.join(OUT, 'html-report-en-full.png'), fullPage: true });

    await page.click('[data-set-lang="ja"]');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.title()).toBe('Azure VM セキュリティ評価');
    expect(await page.locator('h1').innerText()).toBe('Azure VM セキュリティ評価');
    expect(await page.locator('.cards .card-title').first().innerText()).toContain('接続');
    expect(await page.locator('[lang="en"]:visible').count()).toBe(0);
    await page.screenshot({ path: path.join(OUT, 'html-report-ja.png') });

    await page.click('[data-set-lang="en"]');
    expect(await page.locator('h1').innerText()).toBe('Azure VM security posture');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.switch').isVisible()).toBe(false);

    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);
});
