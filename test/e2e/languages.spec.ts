/// <reference lib="dom" />
import type { APIRequestContext, Page } from '@playwright/test';
import { de } from '../../renderer/src/i18n/de';
import { en } from '../../renderer/src/i18n/en';
import { expect, test } from './fixtures';
import { WIDTHS, tableProblems } from './layout-helpers';

// Issue 19, languages: a staff member switches to German in the user menu and every screen of the back office and of
// the customer portal is German — its labels appear, and no English text of the catalogue is left on it. Documents
// speak their customer's language whoever reads them. Then, at 1440 and 1024 px, the longer German words are not
// cut anywhere.
test.use({ staffAuth: true });

const ADMIN = { name: 'Alice Adler', password: 'correct horse battery' };
/** Names that are data or the product, not UI text: the Default partner as stored, the product's name. */
const NOT_UI = ['Default', 'ISP Back Office'];

/**
 * The English texts a German screen must not show: catalogue values whose German differs, longer than 3 characters,
 * as whole words ("Plan" is not found inside "Planen"); "{{x}}" parameters match anything.
 */
const ENGLISH = Object.entries(en)
  .filter(([k, v]) => de[k as keyof typeof de] !== v && v.replace(/\{\{\w+\}\}/g, '').trim().length > 3)
  .map(([, v]) => v);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const GERMAN = Object.values(de).join('\n');
const PATTERNS = [...new Set(ENGLISH)]
  .map((v) => ({ text: v, re: new RegExp(`(?<![\\p{L}_])${v.split(/\{\{\w+\}\}/).map(escape).join('.+?')}(?![\\p{L}_])`, 'u') }))
  // a word both languages write alike ("Partners" is German too) proves nothing
  .filter((p) => !p.re.test(GERMAN));

/** The visible text of the page (and of any dialog), plus labels only assistive technology reads. */
async function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // text the application recorded in English is marked lang="en" (an audit entry's action): it is data, not UI
    let body = document.body.innerText;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body [lang="en"]'))) body = body.split(el.innerText).join(' ');
    const parts = [body];
    for (const el of Array.from(document.querySelectorAll('[aria-label], [placeholder], [title]'))) {
      if (!(el as HTMLElement).offsetParent && el.tagName !== 'svg') continue;
      for (const a of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
}

const withoutNames = (text: string) => NOT_UI.reduce((t, n) => t.split(n).join(' '), text);

async function expectGerman(page: Page, where: string, labels: string[]): Promise<void> {
  for (const l of labels) await expect(page.getByText(l, { exact: true }).first(), `${where}: "${l}"`).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const text = withoutNames(await screenText(page));
  const left = PATTERNS.flatMap((p) => {
    const m = p.re.exec(text);
    return m ? [`${p.text} in “${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30).replace(/\s+/g, ' ')}”`] : [];
  });
  expect(left, `${where}: English left on the screen`).toEqual([]);
}

async function rpc<T>(request: APIRequestContext, url: string, token: string, channel: string, data: unknown): Promise<T> {
  const res = await request.post(`${url}rpc/${channel}`, { data, headers: { 'X-Staff-Session': token } });
  const body = (await res.json()) as { ok: boolean; data: T; error?: unknown };
  expect(body.ok, `${channel}: ${JSON.stringify(body.error)}`).toBe(true);
  return body.data;
}

/** A small ISP: a German and an English customer, a plan, a service, documents, a payment, a ticket. */
async function seed(request: APIRequestContext, url: string) {
  const setup = await request.post(`${url}rpc/auth.setup`, { data: ADMIN });
  const token = ((await setup.json()) as { data: { token: string } }).data.token;
  const call = <T>(channel: string, data: unknown) => rpc<T>(request, url, token, channel, data);
  const erika = await call<{ id: number }>('customers.create', { name: 'Erika Mustermann', status: 'active', language: 'de', portalLogin: 'erika' });
  const john = await call<{ id: number }>('customers.create', { name: 'John Smith', status: 'active', language: 'en' });
  const plan = await call<{ id: number }>('plans.create', { kind: 'custom', name: 'Wartung Basis', price: 1990, vatRateBp: 1900 });
  await call('services.add', { customerId: erika.id, kind: 'custom', planId: plan.id, start: '2024-03-01' });
  await call('billing.oneTimeInvoice', { customerId: erika.id, lines: [{ description: 'Montage', amount: 123456 }] });
  await call('billing.oneTimeInvoice', { customerId: john.id, lines: [{ description: 'Setup', amount: 5000 }] });
  await call('billing.addPayment', { customerId: erika.id, amount: 10000, method: 'bankTransfer', reference: 'Überweisung 7' });
  const ticket = await call<{ id: number }>('tickets.create', { customerId: erika.id, subject: 'Verbindung langsam', message: 'Seit gestern abends langsam.' });
  return { token, erika: erika.id, john: john.id, ticket: ticket.id };
}

async function signInGerman(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(ADMIN.name);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: `Signed in as ${ADMIN.name}` }).click();
  await page.getByRole('menuitem', { name: 'Deutsch' }).click();
  await expect(page.getByRole('heading', { name: 'Kunden', level: 2 })).toBeVisible();
}

test('a staff member switches to German: every back-office and portal screen is German, documents speak their customer’s language', async ({
  page,
  request,
  harness,
}) => {
  test.setTimeout(180_000);
  const s = await seed(request, harness.url);
  await signInGerman(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  // the choice is kept on the account: a new page of the same session is German at once
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Kunden', level: 2 })).toBeVisible();

  await expectGerman(page, 'customer list', ['Kunden', 'Kunde anlegen', 'Saldo', 'Angelegt']);
  await page.getByRole('button', { name: 'Kunden importieren' }).click();
  await expectGerman(page, 'import wizard', ['CSV-Datei', 'Probelauf', 'In die Datenbank schreiben']);
  await page.keyboard.press('Escape');
  // the header: global search (Ctrl+K), keyboard shortcuts (?), colour scheme menu
  await page.keyboard.press('Control+k');
  await expectGerman(page, 'global search', ['Geben Sie einen Namen, Login, IP, Telefon oder eine Rechnungsnummer ein']);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Tastenkürzel', exact: true }).click();
  await expectGerman(page, 'keyboard shortcuts', ['Diese Tastenkürzel anzeigen', 'Gehe zu Tarife']);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Farbschema/ }).click();
  await expectGerman(page, 'colour scheme menu', ['Farben', 'Wie das System', 'Dunkel']);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Kunde anlegen' }).first().click();
  await expectGerman(page, 'customer form', ['Sprache (Dokumente, Portal)', 'Abrechnungseinstellungen (leer = Einstellung des Partners)']);
  await page.getByRole('button', { name: 'Abbrechen' }).click();

  const customer = `/#/customers/${s.erika}`;
  await page.goto(customer);
  await expectGerman(page, 'customer information', ['Stammdaten', 'Mahnverlauf', 'Deutsch']);
  await page.getByRole('button', { name: 'Kontoauszug' }).click();
  await page.getByRole('button', { name: 'Kontoauszug anzeigen' }).click();
  await expectGerman(page, 'statement (a German customer’s document)', ['Anfangssaldo', 'Endsaldo']);
  await expect(page.getByTestId('document-view')).toHaveAttribute('lang', 'de');
  await page.getByRole('button', { name: 'Schließen' }).click();
  await page.goto(`${customer}/services`);
  await expectGerman(page, 'customer services', ['Dienst hinzufügen', 'Aktionen']);
  await page.getByRole('button', { name: 'Dienst (Sonstiges) hinzufügen' }).click();
  await expectGerman(page, 'service dialog', ['Zahlungsperiode', 'Beginndatum']);
  await page.getByRole('button', { name: 'Abbrechen' }).click();
  await page.goto(`${customer}/billing`);
  await expectGerman(page, 'billing: invoices', ['Zahlung erfassen', 'Einmalige Rechnung', 'Fällig']);
  // amounts in German form: 1.234,56
  await expect(page.getByRole('cell', { name: '1.234,56' }).first()).toBeVisible();
  for (const [tab, label] of [
    ['Gutschriften', 'Keine Gutschriften'],
    ['Zahlungen', 'Zahlungsart'],
    ['Buchungen', 'Soll'],
    ['Vorgemerkte Posten', 'Keine vorgemerkten Posten'],
  ]) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    await expectGerman(page, `billing: ${tab}`, [label]);
  }
  await page.getByRole('tab', { name: /^Rechnungen/ }).click();
  await page.getByRole('button', { name: /Rechnung .* ansehen/ }).first().click();
  const doc = page.getByTestId('document-view');
  await expect(doc).toHaveAttribute('lang', 'de');
  await expect(doc.getByText('Gesamt ohne MwSt.')).toBeVisible();
  await expectGerman(page, 'German customer’s invoice', ['Drucken / PDF', 'Schließen']);
  await page.getByRole('button', { name: 'Schließen' }).click();
  await page.goto(`${customer}/tickets`);
  await expectGerman(page, 'customer tickets', ['Im Posteingang öffnen', 'Neues Ticket']);
  await page.goto(`${customer}/log`);
  await expectGerman(page, 'customer log', ['Wann', 'Objekt']);

  // an English customer's invoice is English inside a German dialog
  await page.goto(`/#/customers/${s.john}/billing`);
  await page.getByRole('button', { name: /Rechnung .* ansehen/ }).first().click();
  await expect(page.getByTestId('document-view')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('document-view').getByText('Total without VAT')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Schließen' })).toBeVisible();
  await page.getByRole('button', { name: 'Schließen' }).click();

  for (const [path, where, labels] of [
    ['/#/plans/custom', 'tariff plans', ['Tarife', 'Wartung Basis']],
    ['/#/plans/internet', 'internet plans', ['Noch keine Tarife (Internet)']],
    ['/#/tickets', 'ticket inbox', ['Neues Ticket', 'Betreff', 'Zuständig']],
    [`/#/tickets/${s.ticket}`, 'a ticket', ['Antwort an den Kunden', 'Interne Notiz']],
    ['/#/changes', 'plan changes', ['Keine ausstehenden Tarifwechsel']],
    ['/#/finance/invoices', 'finance: invoices', ['CSV exportieren', 'Kunden-ID']],
    ['/#/finance/payments', 'finance: payments', ['Zahlungsart']],
    ['/#/finance/creditNotes', 'finance: credit notes', ['Keine passenden Gutschriften']],
    ['/#/finance/ledger', 'finance: ledger', ['Kunde oder Beleg', 'Betrag ab']],
    ['/#/config/partners', 'config: partners', ['Partner anlegen']],
    ['/#/config/finance', 'config: finance settings', ['Dezimaltrennzeichen', 'Standardsprache (Mitarbeiter ohne eigene Wahl, neue Kunden)']],
    ['/#/config/changePlan', 'config: change plan', ['Erstattung beim Tarifwechsel']],
    ['/#/config/portal', 'config: portal', ['Menü: Dienste']],
    ['/#/config/routers', 'config: routers', ['Router anlegen']],
    ['/#/config/network', 'config: network', ['Gesperrte Kunden werden', 'Netzprotokoll']],
    ['/#/config/ipv4', 'config: IPv4', ['Netz anlegen', 'Pool anlegen']],
    ['/#/config/staff', 'config: staff', ['Mitarbeiter anlegen', 'Erlaubt']],
    ['/#/config/backups', 'config: backups', ['Jetzt sichern']],
    ['/#/config/system', 'config: system (diagnostics)', ['Diagnosedaten kopieren']],
  ] as const) {
    await page.goto(path);
    await expectGerman(page, where, [...labels]);
  }
  // the business clock's popover
  await page.getByTestId('header-business-date').click();
  await expectGerman(page, 'business clock', ['Zuletzt verarbeiteter Tag: — (noch nie gelaufen)']);
  await page.keyboard.press('Escape');

  // the customer portal speaks the customer's language (Erika: German), whatever the staff member reads
  await rpc(request, harness.url, s.token, 'settings.update', { partnerId: 1, values: { 'portal.profile.editableFields': ['email', 'phone'] } });
  const portal = await rpc<{ hash: string }>(request, harness.url, s.token, 'portal.open', { customerId: s.erika });
  await page.goto(`/${portal.hash}`);
  await expectGerman(page, 'portal dashboard', ['Offene Tickets', 'Aktive Dienste']);
  for (const [item, labels] of [
    ['Dienste', ['Sonstiges']],
    ['Finanzen', ['Kontostand:']],
    ['Tickets', ['Ticket eröffnen']],
    ['Statistik', ['Sie haben keinen Internetdienst']],
    ['Profil', ['Ihre Angaben', 'Kunde seit']],
  ] as const) {
    await page.getByRole('navigation').getByText(item, { exact: true }).click();
    await expectGerman(page, `portal: ${item}`, [...labels]);
  }
  // the profile's edit dialog names its fields in German too
  await page.getByRole('button', { name: 'Bearbeiten' }).click();
  await expect(page.getByRole('dialog').getByLabel('E-Mail')).toBeVisible();
  await expect(page.getByRole('dialog').getByLabel('Telefon')).toBeVisible();
  await expectGerman(page, 'portal: edit your details', ['Ihre Angaben bearbeiten']);
});

test('German words are not cut at 1440 and 1024 px', async ({ page, request, harness }) => {
  test.setTimeout(180_000);
  const s = await seed(request, harness.url);
  await signInGerman(page);
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    for (const path of ['/#/customers', `/#/customers/${s.erika}`, `/#/customers/${s.erika}/services`, `/#/customers/${s.erika}/billing`, '/#/tickets', '/#/finance/invoices', '/#/plans/custom', '/#/config/finance', '/#/changes']) {
      await page.goto(path);
      await expect(page.locator('main')).not.toContainText('Wird geladen');
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath(`de-${size.width}-${path.replace(/\W+/g, '_')}.png`) });
      // the settings form is a table of inputs and switches, not of data: only its labels are measured
      if (path !== '/#/config/finance') expect(await tableProblems(page), `${path} at ${size.width} px`).toEqual([]);
      expect(await cutLabels(page), `${path} at ${size.width} px`).toEqual([]);
    }
  }
});

/** Buttons, tabs, navigation, badges and field labels whose text does not fit (and is not whole in a title). */
async function cutLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const sel = 'button, [role="tab"], nav a, label, .mantine-Badge-label, .mantine-Button-label, .mantine-NavLink-label, .mantine-Tabs-tabLabel, h1, h2, h3';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (!el.offsetParent || el.clientWidth === 0) continue;
      if (el.closest('[title]')) continue;
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') out.push(`"${(el.textContent ?? '').trim().slice(0, 40)}" is cut`);
      const r = el.getBoundingClientRect();
      if (r.right > document.documentElement.clientWidth + 1) out.push(`"${(el.textContent ?? '').trim().slice(0, 40)}" is off-screen`);
    }
    return [...new Set(out)];
  });
}
