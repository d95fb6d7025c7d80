// Opens one page in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from the node_modules
// .ci/install.sh fills) at each width, and reports what a user would see: console errors and page errors, the rows
// shown, the rows left after typing into the search box, and a full-page screenshot per width and step.
//
// Input (argv[2], JSON): { "node_modules", "url", "widths": [1280, 390], "row_selector", "search_selector",
//   "search_text", "screenshot_dir", "name", "chromium" (optional) }
// Output (stdout, JSON): { "widths": [{ "width", "console_errors": [], "rows", "visible_after_search": [kernels] }] }
import { createRequire } from 'node:module';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const input = JSON.parse(process.argv[2]);
const require = createRequire(join(input.node_modules, 'noop.js'));
const { chromium } = require('playwright-core');

const profile = join(input.screenshot_dir, `.profile-${process.pid}`);
mkdirSync(input.screenshot_dir, { recursive: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: input.chromium || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  timeout: 60000,
});
const out = { widths: [] };
try {
  for (const width of input.widths) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setViewportSize({ width, height: 900 });
    const response = await page.goto(input.url, { waitUntil: 'load', timeout: 30000 });
    const status = response ? response.status() : null;
    const rows = await page.locator(input.row_selector).count();
    await page.screenshot({ path: join(input.screenshot_dir, `${input.name}-${width}.png`), fullPage: true });
    let visible = [];
    if (input.search_text) {
      await page.locator(input.search_selector).pressSequentially(input.search_text, { delay: 5 });
      visible = await page.locator(`${input.row_selector}:visible`).evaluateAll(
        (els) => els.map((e) => e.getAttribute('data-kernel')));
      await page.screenshot({ path: join(input.screenshot_dir, `${input.name}-${width}-search.png`), fullPage: true });
    }
    out.widths.push({ width, status, console_errors: errors, rows, visible_after_search: visible });
    await page.close();
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out));
