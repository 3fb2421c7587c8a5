// Browser tests: the real `vision-stays` binary on a fresh database, driven in Debian's Chromium.
import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.VS_E2E_PORT ?? 3950);
// The same site as four processes (customers, hotels, bookings, web) over one database.
const rolePorts = { customers: port + 1, hotels: port + 2, bookings: port + 3, web: port + 4 };
const bin = process.env.VS_BIN ?? path.resolve(__dirname, '../target/debug/vision-stays');
const dataDir = process.env.VS_E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vs-e2e-'));
process.env.VS_E2E_DATA_DIR = dataDir;
// The demo admins' password the tests sign in with (a real demo gets a random one).
// Several servers run side by side: each takes any free port for its metrics listener.
const demoEnv = { VS_DEMO_PASSWORD: 'vision-stays-demo', VS_METRICS_ADDR: '127.0.0.1:0' };
// The one-process site sends its email to a real SMTP server (aiosmtpd, server/tests/python/smtp_sink.py),
// which writes each message as JSON into the inbox the account tests read.
const smtpPort = port + 5;
const smtpPython = process.env.VS_TEST_PYTHON ?? path.resolve(__dirname, '../target/test-venv/bin/python');
export const inbox = path.join(dataDir, 'inbox');
fs.mkdirSync(inbox, { recursive: true });
process.env.VS_E2E_INBOX = inbox;

// Without the networking flags Chromium floods this closed network with refused connections.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1366, height: 900 } } },
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions } },
    { name: 'no-js', use: { viewport: { width: 1366, height: 900 }, javaScriptEnabled: false } },
    { name: 'roles', use: { viewport: { width: 1366, height: 900 }, baseURL: `http://127.0.0.1:${rolePorts.web}` } },
  ],
  webServer: [
    {
      command: `"${smtpPython}" "${path.resolve(__dirname, '../server/tests/python/smtp_sink.py')}" --port ${smtpPort} --out "${inbox}"`,
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore' as const,
    },
    {
      command:
        `"${bin}" serve --demo-data --addr 127.0.0.1:${port} --data-dir "${dataDir}"` +
        ` --smtp-url smtp://127.0.0.1:${smtpPort} --public-url http://127.0.0.1:${port}` +
        ' --mail-retry-base-ms 200 --mail-poll-ms 200' +
        // Every test's guests and admins reach it from one address (127.0.0.1), one after the
        // other: at the production default (30 a minute) the form posts of a fast run trip it.
        ' --rate-limit-per-minute 600 --rate-limit-burst 60',
      env: demoEnv,
      url: `http://127.0.0.1:${port}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
    ...(['customers', 'hotels', 'bookings', 'web'] as const).map((role) => ({
      command:
        `"${bin}" serve --demo-data --role ${role} --addr 127.0.0.1:${rolePorts[role]} --data-dir "${dataDir}/${role}"` +
        ` --customers-url http://127.0.0.1:${rolePorts.customers}` +
        ` --hotels-url http://127.0.0.1:${rolePorts.hotels} --bookings-url http://127.0.0.1:${rolePorts.bookings}`,
      url: `http://127.0.0.1:${rolePorts[role]}/readyz`,
      // The web role has no database; the three services share one SQLite file.
      env: role === 'web' ? demoEnv : { ...demoEnv, DATABASE_URL: `sqlite://${dataDir}/roles.db` },
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: 'ignore' as const,
    })),
  ],
});
