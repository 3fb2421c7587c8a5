// A guest's whole journey: search → hotel → book (signing up on the way) → confirmation →
// trips → cancel. Runs on desktop, on a phone and with JavaScript disabled.
import { expect, test } from '@playwright/test';
import { day, expectHydrated, shooter, watchErrors } from './helpers';

test('search, book with sign-up on the way, see trips, cancel', async ({ page }, info) => {
  const errors = watchErrors(page);
  const shot = shooter(page, info);
  // Each project books its own nights so runs never compete for a room.
  const offset = { desktop: 20, phone: 40, 'no-js': 60, roles: 80 }[info.project.name] ?? 100;
  const [checkIn, checkOut] = [day(offset), day(offset + 3)];

  await page.goto('/');
  await expectHydrated(page, info);
  await shot('01-home');
  await page.getByLabel('Destination').fill('Lisbon');
  await page.getByLabel('Check-in').fill(checkIn);
  await page.getByLabel('Check-out').fill(checkOut);
  await page.getByLabel('Guests').selectOption('2');
  await page.getByRole('button', { name: 'Search' }).click();

  await expect(page).toHaveURL(/\/search\?city=Lisbon&check_in=/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('in Lisbon');
  await expect(page.locator('.hotel-card').first()).toContainText('total for 3 nights');
  await shot('02-search');
  await page.locator('.hotel-card').first().getByRole('link', { name: 'See rooms' }).click();

  await expect(page).toHaveURL(/\/hotels\/[a-z0-9-]+\?check_in=/);
  const room = page.locator('.room-card').filter({ has: page.getByRole('link', { name: 'Book this room' }) }).first();
  await room.locator('summary').click();
  await expect(room.locator('.breakdown tfoot')).toContainText('Total');
  await shot('03-hotel');
  await room.getByRole('link', { name: 'Book this room' }).click();

  await expect(page.getByRole('heading', { name: 'Almost there' })).toBeVisible();
  await shot('04-book-signed-out');
  await page.getByRole('link', { name: 'Create an account' }).click();
  const email = `ana.${info.project.name}.${Date.now()}@example.pt`;
  await page.getByLabel('Full name').fill('Ana Lima');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long holiday passphrase');
  await shot('05-signup');
  await page.getByRole('button', { name: 'Create account' }).click();

  // Back on the booking form with the same stay, details prefilled.
  await expect(page.getByRole('heading', { name: 'Confirm your booking' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.locator('.book-summary')).toContainText('3 nights, 2 guests');
  await page.getByLabel('Special requests').fill('Arriving late, around 23:00.');
  await shot('06-book-form');
  // A double click must still make one booking.
  await page.getByRole('button', { name: /Confirm booking/ }).dblclick();

  await expect(page).toHaveURL(/\/bookings\/VS-[A-Z2-9]{6}$/);
  await expect(page.getByText('Booking confirmed')).toBeVisible();
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  await expect(page.locator('.booking-card')).toContainText('Arriving late, around 23:00.');
  await shot('07-confirmation');

  await page.getByRole('link', { name: 'All my trips' }).click();
  await expect(page.getByRole('heading', { name: 'My trips' })).toBeVisible();
  await expect(page.locator('.trip')).toHaveCount(1);
  await expect(page.locator('.trip').first()).toContainText(reference);
  await shot('08-trips');

  await page.locator('.trip').first().getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Cancel this booking?' })).toBeVisible();
  await shot('09-cancel-confirm');
  await page.getByRole('button', { name: 'Yes, cancel booking' }).click();
  await expect(page.getByText(`Booking ${reference} is cancelled`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'This booking is cancelled' })).toBeVisible();
  await shot('10-cancelled');

  await page.getByRole('link', { name: 'All my trips' }).click();
  await expect(page.getByText('No upcoming trips yet.')).toBeVisible();
  expect(errors, errors.join('\n')).toEqual([]);
});

test('search explains invalid dates next to the fields', async ({ page }, info) => {
  const errors = watchErrors(page);
  await page.goto(`/search?city=Kyoto&check_in=${day(-3)}&check_out=${day(2)}&guests=2`);
  await expect(page.locator('.field.has-error')).toContainText("Check-in can't be in the past.");
  await expect(page.getByRole('heading', { name: "Let's fix your search" })).toBeVisible();
  await shooter(page, info)('11-search-error');
  expect(errors.filter((e) => !e.includes('422')), errors.join('\n')).toEqual([]);
});
