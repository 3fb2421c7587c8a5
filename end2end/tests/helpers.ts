// Shared steps for the browser tests.
import { expect, Page, TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/** A date `offset` days from today, as the date inputs want it. */
export function day(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** Full-page screenshots kept as test artefacts under end2end/artifacts/<project>/. */
export function shooter(page: Page, info: TestInfo) {
  return (name: string) =>
    page.screenshot({ path: `artifacts/${info.project.name}/${name}.png`, fullPage: true });
}

/** Fails the test on any uncaught error or hydration panic in the page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

export async function expectHydrated(page: Page, info: TestInfo) {
  if (info.project.name === 'no-js') return;
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

export type Received = { rcpt_tos: string[]; subject: string; parts: { content_type: string; body: string }[] };

/** Waits for the newest email to `to` whose subject contains `subject`, as the SMTP server got it. */
export async function emailTo(to: string, subject: string): Promise<Received> {
  const dir = process.env.VS_E2E_INBOX!;
  for (let i = 0; i < 150; i++) {
    const found = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse()
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Received)
      .find((m) => m.rcpt_tos.includes(to) && m.subject.includes(subject));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no email "${subject}" to ${to}`);
}

/** The link in an email's plain-text part that starts with `prefix`. */
export function linkIn(mail: Received, prefix: string): string {
  const text = mail.parts.find((p) => p.content_type === 'text/plain')!.body;
  const match = text.match(new RegExp(`http://[^\\s]*${prefix}[^\\s]*`));
  if (!match) throw new Error(`no ${prefix} link in: ${text}`);
  return match[0];
}
