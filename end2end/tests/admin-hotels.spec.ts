// The hotels part of the admin: the rates calendar reaching guest search, hotel admins kept to
// their own hotel, creating and publishing a hotel with a photo, alert emails and hotel admins.
// Runs on desktop, on a phone, with JavaScript disabled and against the four-process site.
import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import zlib from 'node:zlib';
import { day, emailTo, expectHydrated, linkIn, shooter, watchErrors } from './helpers';

const PASSWORD = 'vision-stays-demo';
const ADMIN = 'admin@visionstays.test';
const MANAGER = 'manager@casa-do-tejo.test';

async function signIn(page: Page, info: TestInfo, email: string, next = '/admin') {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await expectHydrated(page, info);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}$`));
}

/** A fresh, signed-out browser page with the same project settings (JS off, phone size...). */
async function freshPage(browser: Browser, info: TestInfo): Promise<Page> {
  const u = info.project.use;
  const context = await browser.newContext({
    baseURL: u.baseURL,
    viewport: u.viewport,
    userAgent: u.userAgent,
    deviceScaleFactor: u.deviceScaleFactor,
    isMobile: u.isMobile,
    hasTouch: u.hasTouch,
    javaScriptEnabled: u.javaScriptEnabled,
  });
  return context.newPage();
}

/** Nights of our own, far from the other spec files' bookings: days 120–200 from today. */
function offsetFor(info: TestInfo): number {
  return ({ desktop: 120, phone: 140, 'no-js': 160, roles: 180 } as Record<string, number>)[info.project.name] ?? 195;
}

/** A real PNG (a colour gradient), `w` × `h`, built without any image library. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const at = y * (w * 3 + 1);
    for (let x = 0; x < w; x++) {
      rows.set([40 + (x * 180) / w, 90 + (y * 120) / h, 110 + ((x + y) * 60) / (w + h)], at + 1 + x * 3);
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

test('a new price and a closed night in the calendar reach guest search', async ({ page, browser }, info) => {
  const errors = watchErrors(page);
  const shot = shooter(page, info);
  const o = offsetFor(info);
  await signIn(page, info, MANAGER);
  await expect(page.getByRole('heading', { name: 'Your hotels' })).toBeVisible();
  await shot('admin-01-home-manager');

  await page.goto(`/admin/hotels/casa-do-tejo/room-types/rooftop-twin/calendar?from=${day(o)}`);
  await expectHydrated(page, info);
  await expect(page.getByRole('heading', { name: /Rooftop Twin/ })).toBeVisible();
  await shot('admin-02-calendar');

  // A typo comes back at its field, with what was typed.
  await page.getByLabel('First night').fill(day(o));
  await page.getByLabel('Last night').fill(day(o + 1));
  await page.getByLabel('Set price').check();
  await page.getByLabel('Price per night').fill('99.999');
  await page.getByRole('button', { name: 'Apply to these nights' }).click();
  await expect(page.locator('.field.has-error')).toContainText('Use at most 2 decimals.');
  await expect(page.getByLabel('Price per night')).toHaveValue('99.999');
  await expect(page.getByLabel('Last night')).toHaveValue(day(o + 1));
  await shot('admin-03-calendar-error');

  await page.getByLabel('Price per night').fill('99');
  await page.getByRole('button', { name: 'Apply to these nights' }).click();
  await expect(page.locator('.banner-ok')).toContainText('Price set to €99.00 a night');
  const first = page.locator(`td[data-night="${day(o)}"]`);
  await expect(first).toContainText('€99');
  await expect(first).toHaveClass(/override/);

  // Nights are links that fill the range form: a night, then a later one; a third click starts again.
  const night = (n: number) => page.locator(`td[data-night="${day(o + n)}"] a`);
  await night(3).click();
  await expect(page.locator('.banner-ok')).toHaveCount(0);
  await expect(page.getByLabel('First night')).toHaveValue(day(o + 3));
  await expect(page.getByLabel('Last night')).toHaveValue(day(o + 3));
  await night(5).click();
  await expect(page.getByLabel('Last night')).toHaveValue(day(o + 5));
  await expect(page.locator('td.picked')).toHaveCount(3);
  await shot('admin-04a-calendar-picked');
  await night(3).click();
  await expect(page.getByLabel('Last night')).toHaveValue(day(o + 3));
  await page.getByLabel('Close for sale').check();
  await page.getByRole('button', { name: 'Apply to these nights' }).click();
  await expect(page.locator('.banner-ok')).toContainText('Closed for sale');
  await expect(page.locator(`td[data-night="${day(o + 3)}"]`)).toContainText('Closed');
  await shot('admin-04-calendar-changed');
  expect(errors, errors.join('\n')).toEqual([]);

  // A guest, signed out: two nights at €99 plus 6 % taxes.
  const guest = await freshPage(browser, info);
  await guest.goto(`/search?city=Lisbon&check_in=${day(o)}&check_out=${day(o + 2)}&guests=2`);
  const card = guest.locator('.hotel-card').filter({ hasText: 'Casa do Tejo' });
  await expect(card).toContainText('€209.88');
  await guest.goto(`/hotels/casa-do-tejo?check_in=${day(o)}&check_out=${day(o + 2)}&guests=2`);
  await expect(guest.locator('#room-rooftop-twin')).toContainText('€209.88');
  // A stay over the closed night: that room type cannot be booked.
  await guest.goto(`/hotels/casa-do-tejo?check_in=${day(o + 2)}&check_out=${day(o + 4)}&guests=2`);
  const closed = guest.locator('#room-rooftop-twin');
  await expect(closed).toContainText('Sold out for these dates');
  await expect(closed.getByRole('link', { name: 'Book this room' })).toHaveCount(0);
  await expect(guest.locator('#room-river-view-double').getByRole('link', { name: 'Book this room' })).toBeVisible();
  await guest.context().close();
});

test('a hotel admin sees only their hotel; guests get 403; signed out goes to sign in', async ({ page, browser }, info) => {
  const shot = shooter(page, info);
  await signIn(page, info, MANAGER, '/admin/hotels');
  await expect(page.locator('.hotel-row')).toHaveCount(1);
  await expect(page.locator('.hotel-row')).toContainText('Casa do Tejo');
  await expect(page.getByRole('link', { name: 'New hotel' })).toHaveCount(0);
  await shot('admin-05-hotels-manager');

  for (const path of [
    '/admin/hotels/miradouro-grand-hotel',
    '/admin/hotels/miradouro-grand-hotel/calendar',
    '/admin/hotels/miradouro-grand-hotel/room-types/deluxe-king/calendar',
    '/admin/hotels/miradouro-grand-hotel/alerts',
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('not found');
    await expect(page.locator('body')).not.toContainText('Miradouro');
  }
  await shot('admin-06-not-found');
  const res = await page.goto('/admin/hotels/new');
  expect(res?.status()).toBe(403);

  const guest = await freshPage(browser, info);
  const signedOut = await guest.goto('/admin/hotels/casa-do-tejo/calendar');
  await expect(guest).toHaveURL(/\/signin\?next=%2Fadmin%2Fhotels%2Fcasa-do-tejo%2Fcalendar$/);
  expect(signedOut?.ok()).toBeTruthy();
  await guest.goto('/signup?next=/admin');
  await guest.getByLabel('Full name').fill('Guest Only');
  await guest.getByLabel('Email').fill(`guest.${info.project.name}.${Date.now()}@example.pt`);
  await guest.getByLabel('Password').fill('a long holiday passphrase');
  await guest.getByRole('button', { name: 'Create account' }).click();
  await expect(guest.getByRole('heading', { name: "You don't have access" })).toBeVisible();
  const forbidden = await guest.goto('/admin');
  expect(forbidden?.status()).toBe(403);
  await shooter(guest, info)('admin-07-guest-403');
  await guest.context().close();
});

test('create a hotel, add a room type, publish it and upload a photo guests see', async ({ page }, info) => {
  const errors = watchErrors(page);
  const shot = shooter(page, info);
  await signIn(page, info, ADMIN, '/admin/hotels');
  await shot('admin-08-hotels-platform');
  await page.getByRole('link', { name: 'New hotel' }).click();
  await expect(page.getByRole('heading', { name: 'New hotel' })).toBeVisible();
  await expectHydrated(page, info);
  await shot('admin-09-new-hotel');

  const name = `Casa Teste ${info.project.name} ${Date.now() % 100000}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('City').fill('Lisbon');
  await page.getByLabel('Street address').fill('Rua Augusta 10, 1100-053 Lisboa');
  await page.getByLabel('Taxes').fill('seven');
  await page.getByLabel('Tagline').fill('A quiet courtyard in the Baixa');
  await page.getByLabel('Amenities').fill('Free Wi-Fi\nCourtyard garden\n');
  await page.getByRole('button', { name: 'Create hotel' }).click();
  await expect(page.locator('.field.has-error')).toContainText('Enter the tax rate as a percentage');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Amenities')).toHaveValue(/Courtyard garden/);
  await shot('admin-10-new-hotel-error');
  await page.getByLabel('Taxes').fill('7.5');
  await page.getByRole('button', { name: 'Create hotel' }).click();

  await expect(page.locator('.banner-ok')).toContainText('is created, not yet published');
  const slug = new URL(page.url()).pathname.split('/')[3];
  await expect(page.getByText('Not published.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish hotel' }).click();
  await expect(page.locator('.banner-alert')).toContainText("Can't publish yet. Add a room type");

  await page.getByRole('link', { name: 'Add room type' }).click();
  await expect(page.getByRole('heading', { name: 'New room type' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Courtyard Double');
  await page.getByLabel('Beds').fill('1 queen bed');
  await page.getByLabel('Nightly rate, Sun–Thu').fill('120.50');
  await page.getByLabel('Rooms of this type').fill('4');
  await shot('admin-11-new-room-type');
  await page.getByRole('button', { name: 'Add room type' }).click();
  await expect(page.locator('.banner-ok')).toContainText('Courtyard Double is added');
  await expect(page.locator('#room-types')).toContainText('€120.50');

  await page.getByRole('button', { name: 'Publish hotel' }).click();
  await expect(page.locator('.banner-ok')).toContainText('is published');
  await expect(page.locator('.admin-title .badge')).toHaveText('Published');

  await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'courtyard.png', mimeType: 'image/png', buffer: png(480, 360) });
  await page.getByLabel('Caption').fill('The courtyard at dusk');
  await page.getByRole('button', { name: 'Upload photo' }).click();
  await expect(page.locator('.banner-ok')).toContainText('Photo uploaded');
  await expect(page.locator('.photo img')).toHaveCount(1);
  await expect(page.locator('.photo')).toContainText('The courtyard at dusk');
  await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'breakfast.png', mimeType: 'image/png', buffer: png(400, 400) });
  await page.getByLabel('Caption').fill('Breakfast under the arches');
  await page.getByRole('button', { name: 'Upload photo' }).click();
  await expect(page.locator('.photo img')).toHaveCount(2);
  // The admin pages load photos through the session (guests' /photos/… only serve published hotels).
  const thumb = page.locator('.photo img').first();
  await expect(thumb).toHaveAttribute('src', new RegExp(`^/admin/hotels/${slug}/photos/\\d+$`));
  await thumb.scrollIntoViewIfNeeded();
  expect(await thumb.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(480);
  await shot('admin-12-hotel-edit');

  // A long description survives a failed save (too long for the flash cookie).
  const long = 'Stone arches, orange trees and a fountain. '.repeat(90).trim();
  await page.getByLabel('Description').fill(long);
  await page.getByLabel('Check-in from').fill('14:00');
  await page.getByLabel('Taxes').fill('75');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('.field.has-error')).toContainText('Taxes can be at most 50 %');
  await expect(page.getByLabel('Description')).toHaveValue(long);
  await page.getByLabel('Taxes').fill('7.5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('.banner-ok')).toContainText('is saved');

  await page.goto(`/hotels/${slug}`);
  const hero = page.locator('.hotel-hero > img');
  await expect(hero).toHaveAttribute('src', /^\/photos\/\d+$/);
  await expect(hero).toHaveAttribute('alt', 'The courtyard at dusk');
  expect(await hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);
  await expect(page.locator('.photo-strip li')).toHaveCount(2);
  await expect(page.locator('.photo-strip')).toContainText('Breakfast under the arches');
  await expect(page.getByText('Stone arches, orange trees').first()).toBeVisible();
  await shot('admin-13-guest-hotel-photo');

  // Delete asks first.
  await page.goto(`/admin/hotels/${slug}`);
  await page.locator('.photo').first().getByRole('link', { name: /Delete/ }).click();
  await expect(page.getByRole('heading', { name: 'Delete this photo?' })).toBeVisible();
  await shot('admin-14-delete-photo');
  await page.getByRole('button', { name: 'Yes, delete photo' }).click();
  await expect(page.locator('.banner-ok')).toContainText('Photo deleted');
  await expect(page.locator('.photo')).toHaveCount(1);

  await page.getByRole('link', { name: 'Unpublish…' }).click();
  await shot('admin-15-unpublish');
  await page.getByRole('button', { name: 'Yes, unpublish' }).click();
  await expect(page.locator('.banner-ok')).toContainText('is unpublished');
  expect(errors.filter((e) => !/\b(404|422)\b/.test(e)), errors.join('\n')).toEqual([]);
});

test('room type errors, retiring, alert emails and hotel admins', async ({ page, browser }, info) => {
  test.skip(info.project.name === 'roles', 'a new admin confirms their address by email: the four-process set-up runs no mail relay');
  const errors = watchErrors(page);
  const shot = shooter(page, info);
  // An account to make a hotel admin of Pátio das Laranjeiras.
  const other = await freshPage(browser, info);
  const email = `staff.${info.project.name}.${Date.now()}@example.pt`;
  await other.goto('/signup');
  await other.getByLabel('Full name').fill('Rita Staff');
  await other.getByLabel('Email').fill(email);
  await other.getByLabel('Password').fill('a long holiday passphrase');
  await other.getByRole('button', { name: 'Create account' }).click();
  await expect(other).toHaveURL(/\/trips$/);

  await signIn(page, info, ADMIN, '/admin/hotels/patio-das-laranjeiras/room-types/garden-double');
  await expect(page.getByRole('heading', { name: 'Garden Double' })).toBeVisible();
  await page.getByLabel('Nightly rate, Sun–Thu').fill('0');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('.field.has-error')).toContainText('Enter a nightly rate above zero.');
  await shot('admin-16-room-type-error');
  await page.getByRole('link', { name: 'Retire…' }).click();
  await expect(page.getByRole('heading', { name: 'Retire Garden Double?' })).toBeVisible();
  await shot('admin-17-retire');
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Garden Double' })).toBeVisible();

  await page.goto('/admin/hotels/patio-das-laranjeiras/alerts');
  await expectHydrated(page, info);
  const rows = page.locator('.alerts-table tbody tr');
  const n = await rows.count();
  await rows.nth(n - 1).getByRole('textbox').fill('someone@localhost');
  await page.getByRole('button', { name: 'Save recipients' }).click();
  await expect(page.locator('.field.has-error')).toContainText('Enter an email address like name@example.com.');
  await expect(rows.nth(n - 1).getByRole('textbox')).toHaveValue('someone@localhost');
  await rows.nth(n - 1).getByRole('textbox').fill(`frontdesk.${info.project.name}@patio.test`);
  await page.getByLabel(`Recipient ${n}: cancellations`).uncheck();
  await page.getByRole('button', { name: 'Save recipients' }).click();
  await expect(page.locator('.banner-ok')).toContainText('Saved:');
  const saved = page.locator('.alerts-table tbody tr', { has: page.locator(`input[value="frontdesk.${info.project.name}@patio.test"]`) });
  await expect(saved).toHaveCount(1);
  await expect(saved.locator('input[type="checkbox"]').first()).toBeChecked();
  await expect(saved.locator('input[type="checkbox"]').last()).not.toBeChecked();
  await shot('admin-18-alerts');

  await page.goto('/admin/hotels/patio-das-laranjeiras/admins');
  await page.getByLabel('Email of their account').fill('nobody.here@example.pt');
  await page.getByRole('button', { name: 'Add admin' }).click();
  await expect(page.locator('.field.has-error')).toContainText('No account uses this email');
  // Staff see guests' details: only an account that confirmed its address can be one.
  await page.getByLabel('Email of their account').fill(email);
  await page.getByRole('button', { name: 'Add admin' }).click();
  await expect(page.locator('.field.has-error')).toContainText("hasn't confirmed its email address");
  await other.goto(linkIn(await emailTo(email, 'Confirm your email address'), '/account/verify'));
  await other.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(other.locator('.banner')).toContainText('your email address is confirmed');
  await other.context().close();
  await page.getByLabel('Email of their account').fill(email);
  await page.getByRole('button', { name: 'Add admin' }).click();
  await expect(page.locator('.banner-ok')).toContainText('can now run this hotel');
  await expect(page.locator('.admin-table')).toContainText(email);
  await shot('admin-19-admins');
  await page.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) }).getByRole('link', { name: /Remove/ }).click();
  await expect(page.getByRole('heading', { name: /Remove Rita Staff/ })).toBeVisible();
  await shot('admin-20-remove-admin');
  await page.getByRole('button', { name: 'Yes, remove admin' }).click();
  await expect(page.locator('.banner-ok')).toContainText('no longer runs this hotel');
  await expect(page.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) })).toHaveCount(0);
  expect(errors.filter((e) => !/\b(404|422)\b/.test(e)), errors.join('\n')).toEqual([]);
});
