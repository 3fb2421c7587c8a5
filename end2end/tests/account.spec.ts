// A guest's account by email: sign up, confirm the address from the email the SMTP server
// received, forget the password and reset it by link, then sign out everywhere. Runs on desktop,
// on a phone and with JavaScript disabled (the four-process set-up has no mail server).
import { expect, test } from '@playwright/test';
import { emailTo, expectHydrated, linkIn, shooter, watchErrors } from './helpers';

test('sign up, confirm the address by email, reset the password, sign out everywhere', async ({ page, browser }, info) => {
  test.skip(info.project.name === 'roles', 'the four-process set-up runs no mail relay');
  const errors = watchErrors(page);
  const shot = shooter(page, info);
  const email = `maria.${info.project.name}.${Date.now()}@example.org`;

  await page.goto('/signup');
  await expectHydrated(page, info);
  await page.getByLabel('Full name').fill('Maria Lopes');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('sea view and long breakfasts');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('.banner')).toContainText(`emailed ${email} a link`);

  await page.goto('/account');
  await expect(page.getByText('not confirmed yet')).toBeVisible();
  await shot('account-01-unconfirmed');
  const welcome = await emailTo(email, 'Confirm your email address');
  const verify = linkIn(welcome, '/account/verify');
  await page.goto(verify);
  await shot('account-02-confirm-link');
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.locator('.banner')).toContainText('your email address is confirmed');
  await expect(page.getByText('not confirmed yet')).toHaveCount(0);
  await shot('account-03-confirmed');

  // Forgotten password: a link by email, a new password, every session signed out.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.goto('/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.locator('.banner')).toContainText('a link to choose a new password is on its way');
  await shot('account-04-forgot');
  const reset = linkIn(await emailTo(email, 'Reset your'), '/reset-password');
  await page.goto(reset);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page.locator('.field-error').first()).toContainText('at least 10 characters');
  await shot('account-05-reset-error');
  await page.getByLabel('New password').fill('harbour lights at night');
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.locator('.banner')).toContainText('Your password is changed');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('harbour lights at night');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/trips$/);

  // A second device, then "sign out everywhere" from the first.
  const other = await browser.newContext({ baseURL: info.project.use.baseURL, javaScriptEnabled: info.project.name !== 'no-js' });
  const tablet = await other.newPage();
  await tablet.goto('/signin');
  await tablet.getByLabel('Email').fill(email);
  await tablet.getByLabel('Password').fill('harbour lights at night');
  await tablet.getByRole('button', { name: 'Sign in' }).click();
  await expect(tablet).toHaveURL(/\/trips$/);
  await page.goto('/account');
  await shot('account-06-account');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.locator('.banner')).toContainText('signed out on every device');
  await tablet.goto('/trips');
  await expect(tablet.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await other.close();
  expect(errors).toEqual([]);
});
