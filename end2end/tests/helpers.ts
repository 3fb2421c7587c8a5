// Shared steps for the browser tests.
import { expect, Page, TestInfo } from '@playwright/test';

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
