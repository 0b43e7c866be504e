/// <reference lib="dom" />
import { expect, type Page } from '@playwright/test';

// What staff see in a table, measured in the browser: a column past the window or the table's own edge, a cell
// or header whose text is cut (scrollWidth > clientWidth where the overflow is hidden), a date broken over two
// lines. A deliberate cut (one line per customer) is allowed only where the whole text is in a `title` (on hover).

export const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const;

/** The problems of every table on the page (empty = nothing cut, nothing off-screen, no wrapped date). */
export async function tableProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const label = (el: Element) => (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40) || `<${el.tagName.toLowerCase()}>`;
    const clipper = (el: Element): Element | null => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== 'visible') return p;
      }
      return null;
    };
    const titled = (el: Element, cell: Element) => {
      if (el.querySelector('[title]')) return true;
      for (let p: Element | null = el; p && p !== cell.parentElement; p = p.parentElement) if (p.getAttribute('title')) return true;
      return false;
    };
    for (const table of Array.from(document.querySelectorAll('main table'))) {
      if (!(table as HTMLElement).offsetParent) continue; // a table in a hidden tab
      const name = table.closest('[aria-label]')?.getAttribute('aria-label') ?? table.getAttribute('aria-label') ?? 'table';
      const box = clipper(table)?.getBoundingClientRect();
      for (const th of Array.from(table.querySelectorAll('thead th'))) {
        const r = th.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.right > vw + 1) problems.push(`${name}: column "${label(th)}" is off-screen (right ${Math.round(r.right)} > window ${vw})`);
        else if (box && r.right > box.right + 1) problems.push(`${name}: column "${label(th)}" is hidden past the table's edge`);
      }
      for (const cell of Array.from(table.querySelectorAll('th, td'))) {
        for (const el of [cell, ...Array.from(cell.querySelectorAll('*'))]) {
          const h = el as HTMLElement;
          if (!h.offsetParent || h.clientWidth === 0) continue;
          const o = getComputedStyle(h).overflowX;
          if (o === 'visible') continue;
          // A header is never cut on purpose (the hover title mantine-datatable puts on it does not excuse it).
          const header = cell.tagName === 'TH';
          if (h.scrollWidth > h.clientWidth + 1 && (header || !titled(h, cell))) problems.push(`${name}: "${label(h)}" is cut (${h.scrollWidth} > ${h.clientWidth} px)`);
        }
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent ?? '';
          for (const m of text.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
            const range = document.createRange();
            range.setStart(n, m.index);
            range.setEnd(n, m.index + m[0].length);
            const tops = new Set(Array.from(range.getClientRects()).map((x) => Math.round(x.top)));
            if (tops.size > 1) problems.push(`${name}: the date ${m[0]} wraps onto two lines`);
          }
        }
      }
    }
    return [...new Set(problems)];
  });
}

/** Waits for the tables to render, then expects none of them to have a problem. */
export async function expectTablesFit(page: Page, what: string): Promise<void> {
  await expect(page.locator('main table:visible').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0);
  expect(await tableProblems(page), `${what} at ${page.viewportSize()?.width} px`).toEqual([]);
}

/** Text cut in the elements under `selector` (the header, a dialog): scrollWidth past clientWidth where overflow hides it. */
export async function cutText(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    for (const root of Array.from(document.querySelectorAll(sel))) {
      for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
        const h = el as HTMLElement;
        if (!h.offsetParent || h.clientWidth === 0) continue;
        const text = (h.textContent ?? '').trim().slice(0, 40);
        if (h.getBoundingClientRect().right > vw + 1) problems.push(`"${text || h.tagName}" is off-screen`);
        if (getComputedStyle(h).overflowX !== 'visible' && h.scrollWidth > h.clientWidth + 1 && !h.title) problems.push(`"${text || h.tagName}" is cut`);
      }
    }
    return [...new Set(problems)];
  }, selector);
}
