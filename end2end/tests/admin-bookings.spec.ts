// The front desk at Casa do Tejo: a guest books two stays on the guest site, the manager finds
// them in /admin/bookings, checks tonight's guest in and out, cancels the other stay through its
// confirmation page, and sees it on the hotel's dashboard. Runs on desktop, phone, no-js, roles.
import { expect, Page, test, TestInfo } from '@playwright/test';
import { day, expectHydrated, shooter, watchErrors } from './helpers';

const HOTEL = 'casa-do-tejo';
const MANAGER = 'manager@casa-do-tejo.test';
const PASSWORD = 'vision-stays-demo';

/** This file's own nights (days 220–300 from today), one range per project. */
function offset(info: TestInfo): number {
  return ({ desktop: 220, phone: 240, 'no-js': 260, roles: 280 } as Record<string, number>)[info.project.name] ?? 300;
}

/** Books the first bookable room at Casa do Tejo for the signed-in guest; returns its reference. */
async function book(page: Page, checkIn: string, checkOut: string, requests = ''): Promise<string> {
  await page.goto(`/hotels/${HOTEL}?check_in=${checkIn}&check_out=${checkOut}&guests=1`);
  await page.getByRole('link', { name: 'Book this room' }).first().click();
  await expect(page.getByRole('heading', { name: 'Confirm your booking' })).toBeVisible();
  if (requests) await page.getByLabel('Special requests').fill(requests);
  await page.getByRole('button', { name: /Confirm booking/ }).click();
  await expect(page).toHaveURL(/\/bookings\/VS-[A-Z2-9]{6}$/);
  return (await page.getByTestId('reference').textContent())!.trim();
}

/** A new guest account, signed in (the sign-up form returns to `next`). */
async function signUp(page: Page, name: string, email: string) {
  await page.goto('/signup?next=/trips');
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long holiday passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'My trips' })).toBeVisible();
}

/** The number on the dashboard's figure labelled `label`. */
async function kpi(page: Page, label: string): Promise<number> {
  const tile = page.locator('.kpi').filter({ has: page.locator('.kpi-label', { hasText: new RegExp(`^${label}$`) }) });
  return Number((await tile.locator('.kpi-value').textContent())!.trim());
}

test('front desk: find, check in and out, cancel, dashboard', async ({ page }, info) => {
  const errors = watchErrors(page);
  const shot = shooter(page, info);
  const stamp = Date.now().toString(36);
  const guest = `Rosa Tavares ${info.project.name} ${stamp}`;
  const o = offset(info);

  // The guest books tonight and a later stay.
  await signUp(page, guest, `rosa.${info.project.name}.${stamp}@example.pt`);
  const tonight = await book(page, day(0), day(2), 'Late arrival, please keep the room.');
  const later = await book(page, day(o), day(o + 3));

  // A guest has no access to the admin.
  await page.goto('/admin/bookings');
  await expect(page.getByRole('heading', { name: "You don't have access" })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('header').getByRole('link', { name: 'Sign in' })).toBeVisible();

  // Signed out: a sign-in prompt that comes back to the page.
  await page.goto('/admin/bookings');
  await expect(page.getByRole('heading', { name: 'Please sign in' })).toBeVisible();
  await shot('bk-01-signin-prompt');
  await page.locator('main').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(MANAGER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/bookings$/);
  await expectHydrated(page, info);

  // The search box is the first field; Enter submits.
  const search = page.getByLabel('Search');
  await expect(page.locator('.filter-form :is(input, select)').first()).toHaveAttribute('name', 'q');
  await search.fill(guest);
  await search.press('Enter');
  await expect(page).toHaveURL(/q=Rosa/);
  const rows = page.locator('.bookings-table tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(tonight);
  await expect(rows.last()).toContainText(later);
  await expect(rows.first()).toContainText('Expected');
  await shot('bk-02-list-search');

  // The dashboard lists tonight's arrivals (its first eight: the demo's booking history has
  // arrivals of its own); its figures count this hotel's last 30 days.
  await page.goto(`/admin/hotels/${HOTEL}/dashboard`);
  await expect(page.getByRole('heading', { level: 1, name: 'Casa do Tejo' })).toBeVisible();
  const arrivals = page.locator('section.today').filter({ hasText: 'Arrivals today' });
  await expect(arrivals.locator('li').first()).toBeVisible();
  expect(await kpi(page, 'Bookings')).toBeGreaterThanOrEqual(2);
  const cancellations = await kpi(page, 'Cancellations');
  await expect(page.locator('.chart svg[role="img"]')).toHaveCount(2);
  await shot('bk-03-dashboard');

  // Every arrival is in the arrivals view, tonight's guest among them.
  await page.goto(`/admin/bookings?hotel=${HOTEL}&today=arrivals`);
  await expect(page.locator('.bookings-table')).toContainText(guest);

  // Tonight's booking: check in, then out.
  await page.getByRole('link', { name: tonight }).click();
  await expect(page.getByRole('heading', { name: `Booking ${tonight}` })).toBeVisible();
  await expect(page.getByText('Late arrival, please keep the room.')).toBeVisible();
  await expect(page.getByRole('link', { name: /@example\.pt/ })).toHaveAttribute('href', /^mailto:/);
  await shot('bk-04-detail-expected');
  // A no-show is asked for first; going back leaves the booking as it was.
  await page.getByRole('link', { name: 'Mark no-show' }).click();
  await expect(page.getByRole('heading', { name: 'Mark the guest as a no-show?' })).toBeVisible();
  await shot('bk-05-no-show-confirm');
  await page.getByRole('link', { name: 'Go back' }).click();
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByText(`Checked in: ${guest}.`)).toBeVisible();
  await expect(page.locator('.bk-head .desk')).toHaveText('Checked in');
  await expect(page.getByRole('link', { name: 'Mark no-show' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page.getByText(`Checked out: ${guest}.`)).toBeVisible();
  await expect(page.locator('.bk-head .desk')).toHaveText('Checked out');
  await expect(page.locator('.desk-actions')).toHaveCount(0);
  await shot('bk-06-detail-checked-out');

  // The later stay: cancel through the confirmation page.
  await page.goto(`/admin/bookings?q=${encodeURIComponent(later)}&from=`);
  await page.getByRole('link', { name: later }).click();
  await page.getByRole('link', { name: 'Cancel booking' }).click();
  await expect(page.getByRole('heading', { name: 'Cancel this booking?' })).toBeVisible();
  await shot('bk-07-cancel-confirm');
  await page.getByRole('button', { name: 'Yes, cancel booking' }).click();
  await expect(page.getByText(`Booking ${later} cancelled — the guest gets an email.`)).toBeVisible();
  await expect(page.locator('.bk-head .status')).toHaveText('Cancelled');
  await expect(page.getByText(/by the hotel/)).toBeVisible();
  await shot('bk-08-cancelled');

  await page.goto(`/admin/hotels/${HOTEL}/dashboard`);
  expect(await kpi(page, 'Cancellations')).toBe(cancellations + 1);
  await page.locator('.kpi').filter({ hasText: 'Cancellations' }).click();
  await expect(page).toHaveURL(/status=cancelled/);
  await expect(page.locator('.bookings-table')).toContainText(later);

  // Quick views and a filter the service refuses, explained at the field.
  await page.getByRole('link', { name: 'Departures today' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Departures today' })).toBeVisible();
  await page.goto(`/admin/bookings?from=${day(10)}&to=${day(5)}`);
  await expect(page.locator('.field.has-error')).toContainText('on or after the start date');
  await shot('bk-09-filter-error');
  expect(errors.filter((e) => !/status of (401|403|422)/.test(e)), errors.join('\n')).toEqual([]);
});

test('a booking alerts the hotel by email', async ({ page }, info) => {
  const errors = watchErrors(page);
  const stamp = Date.now().toString(36);
  await signUp(page, `Inês Prado ${stamp}`, `ines.${info.project.name}.${stamp}@example.pt`);
  const o = offset(info) + 10;
  const reference = await book(page, day(o), day(o + 2));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('header').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/signin?next=/admin/emails');
  await page.getByLabel('Email').fill(MANAGER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Emails' })).toBeVisible();
  const row = page.locator('.emails-table tbody tr').filter({ hasText: reference }).filter({ hasText: MANAGER });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('New booking alert');
  await expect(row.getByRole('link', { name: reference })).toHaveAttribute('href', `/admin/bookings/${reference}`);
  // The guest's own confirmation is listed too.
  await expect(page.locator('.emails-table tbody tr').filter({ hasText: reference }).filter({ hasText: 'Guest confirmation' })).toHaveCount(1);
  await shooter(page, info)('bk-10-emails');
  await page.getByLabel('Status').selectOption('failed');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.locator('.emails-table tbody tr').filter({ hasText: reference })).toHaveCount(0);
  expect(errors, errors.join('\n')).toEqual([]);
});
