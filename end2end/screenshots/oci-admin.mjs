// Screenshots of the OCI-era admin pages (not a test); end2end/screenshots/oci-admin.sh runs it.
import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:39301';
const out = process.env.SHOTS ?? '/tmp/shots';
const hotel = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
async function page(width, height, js = true) {
  const ctx = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: js });
  const p = await ctx.newPage();
  await p.goto(base + '/signin?next=%2Fadmin');
  await p.fill('input[name=email]', 'admin@visionstays.test');
  await p.fill('input[name=password]', 'vision-stays-demo');
  await Promise.all([p.waitForNavigation(), p.click('form button[type=submit]')]);
  return p;
}
const p = await page(1280, 900);
// Register an endpoint for the hotel (a local URL: the demo runs with VS_WEBHOOKS_ALLOW_PRIVATE=1).
await p.goto(`${base}/admin/hotels/${hotel}/webhooks`);
await p.screenshot({ path: `${out}/webhooks-hotel-empty.png`, fullPage: true });
await p.fill('input[name=url]', 'http://127.0.0.1:9/pms/hooks');
await p.fill('input[name=description]', 'Front office PMS');
await Promise.all([p.waitForNavigation(), p.click('.webhook-register button[type=submit]')]);
await p.screenshot({ path: `${out}/webhooks-secret-once.png`, fullPage: true });
// Bookings through the API, so events, alerts and deliveries flow.
const token = (await (await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@visionstays.test', password: 'vision-stays-demo' }) })).json()).access_token;
const detail = await (await fetch(`${base}/api/v1/hotels/${hotel}`)).json();
const room = (detail.room_types ?? detail.rooms)[0].slug;
for (let i = 0; i < 3; i++) {
  const d = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  const r = await fetch(`${base}/api/v1/bookings`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `shot-${Date.now()}-${i}` },
    body: JSON.stringify({ hotel, room_type: room, check_in: d(120 + i * 3), check_out: d(122 + i * 3), guests: 2, guest: { name: 'Ines Costa', email: 'ines@example.pt', phone: '+351 912 345 678' } }) });
  console.log('booking', r.status);
}
await new Promise((r) => setTimeout(r, 6000));
await p.goto(`${base}/admin/webhooks`);
await p.screenshot({ path: `${out}/webhooks-all.png`, fullPage: true });
await p.click('table a[href^="/admin/webhooks/"]');
await p.waitForLoadState();
await p.screenshot({ path: `${out}/webhook-endpoint.png`, fullPage: true });
await p.goto(`${base}/admin/events`);
await p.screenshot({ path: `${out}/events-parked.png`, fullPage: true });
const phone = await page(390, 844);
for (const [path, name] of [['/admin/events', 'events-parked-phone'], ['/admin/webhooks', 'webhooks-all-phone'], [`/admin/hotels/${hotel}/webhooks`, 'webhooks-hotel-phone']]) {
  await phone.goto(base + path);
  await phone.screenshot({ path: `${out}/${name}.png`, fullPage: true });
}
const nojs = await page(1280, 900, false);
await nojs.goto(`${base}/admin/events`);
await nojs.screenshot({ path: `${out}/events-parked-nojs.png`, fullPage: true });
await browser.close();
