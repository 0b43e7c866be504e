import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/src/i18n/de';
import { en } from '../../renderer/src/i18n/en';
import { i18n, LANGUAGES, resources } from '../../renderer/src/i18n';
import { formatBp, formatDate, formatMoney, formatNumber, parseMoney, setDisplaySettings } from '../../renderer/src/format';
import { fieldMessage } from '../../renderer/src/i18n/errors';

// The catalogues (renderer/src/i18n): every language has every key, nothing empty, the same placeholders, and the
// plural forms i18next needs; and the formatting of money and dates per language.

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const base = (k: string) => k.replace(/_(one|other)$/, '');

describe('catalogues', () => {
  const catalogues = Object.fromEntries(LANGUAGES.map((l) => [l, resources[l].translation as Record<string, string>]));

  it('every language has exactly the English keys, none of them empty', () => {
    const keys = Object.keys(en).sort();
    expect(keys.length).toBeGreaterThan(500);
    for (const l of LANGUAGES) {
      expect(Object.keys(catalogues[l]).sort(), l).toEqual(keys);
      const empty = Object.entries(catalogues[l]).filter(([, v]) => typeof v !== 'string' || v.trim() === '');
      expect(empty, `${l}: empty values`).toEqual([]);
    }
  });

  it('a translation keeps the placeholders of its English text', () => {
    const wrong = Object.entries(en).filter(([k, v]) => JSON.stringify(placeholders(de[k as keyof typeof de])) !== JSON.stringify(placeholders(v)));
    expect(wrong.map(([k]) => k)).toEqual([]);
  });

  it('every text with a count has its plural forms (_one and _other) in every language', () => {
    const counted = Object.keys(en).filter((k) => /\{\{count\}\}/.test(en[k as keyof typeof en]));
    expect(counted.length).toBeGreaterThan(10);
    for (const k of counted) {
      expect(k, `${k} is counted: it needs _one/_other`).toMatch(/_(one|other)$/);
      for (const l of LANGUAGES) {
        expect(catalogues[l][`${base(k)}_one`], `${l} ${base(k)}_one`).toBeTruthy();
        expect(catalogues[l][`${base(k)}_other`], `${l} ${base(k)}_other`).toBeTruthy();
      }
    }
  });

  it('German is German: most texts differ from their English key, and plurals resolve by count', () => {
    const differ = Object.keys(en).filter((k) => de[k as keyof typeof de] !== en[k as keyof typeof en]).length;
    expect(differ / Object.keys(en).length).toBeGreaterThan(0.85);
    const de1 = i18n.getFixedT('de');
    expect(de1('{{count}} days', { count: 1 })).toBe('1 Tag');
    expect(de1('{{count}} days', { count: 3 })).toBe('3 Tage');
    expect(i18n.getFixedT('en')('{{count}} days', { count: 1 })).toBe('1 day');
    expect(de1('Customers')).toBe('Kunden');
  });

  it('generic field messages of the contract are translated with their numbers', () => {
    void i18n.changeLanguage('de');
    try {
      expect(fieldMessage('is required')).toBe('ist erforderlich');
      expect(fieldMessage('must be at most 200 characters')).toBe('darf höchstens 200 Zeichen lang sein');
      expect(fieldMessage('is already used by customer #4')).toBe('is already used by customer #4');
    } finally {
      void i18n.changeLanguage('en');
    }
  });
});

describe('formatting per language (Intl), money stays integer cents', () => {
  it('money: grouping and decimal mark of the language, the ISP currency after it', () => {
    setDisplaySettings({ 'display.currency': '', 'display.decimalSeparator': 'language' });
    expect(formatMoney(123456, { language: 'en' })).toBe('1,234.56');
    expect(formatMoney(123456, { language: 'de' })).toBe('1.234,56');
    expect(formatMoney(-5, { language: 'de' })).toBe('-0,05');
    expect(formatMoney(123456789012, { language: 'en' })).toBe('1,234,567,890.12');
    expect(formatNumber(1234567, 'de')).toBe('1.234.567');
    expect(formatBp(1250, 'de')).toBe('12,5 %');
    setDisplaySettings({ 'display.currency': 'EUR' });
    expect(formatMoney(100, { language: 'de' })).toBe('1,00 EUR');
    expect(formatMoney(100, { language: 'de', currency: false })).toBe('1,00');
  });

  it("the ISP's own decimal separator wins over the language's", () => {
    setDisplaySettings({ 'display.currency': '', 'display.decimalSeparator': ',' });
    expect(formatMoney(123456, { language: 'en' })).toBe('1.234,56');
    setDisplaySettings({ 'display.decimalSeparator': '.' });
    expect(formatMoney(123456, { language: 'de' })).toBe('1,234.56');
    setDisplaySettings({ 'display.decimalSeparator': 'language' });
  });

  it('typed money is read with the decimal mark of the current language', () => {
    void i18n.changeLanguage('de');
    try {
      expect(parseMoney('1.234,56')).toBe(123456);
      expect(parseMoney('20,5')).toBe(2050);
    } finally {
      void i18n.changeLanguage('en');
    }
    expect(parseMoney('1,234.56')).toBe(123456);
  });

  it('dates: stored and typed YYYY-MM-DD; German shows DD.MM.YYYY, English keeps the ISO form', () => {
    expect(formatDate('2024-03-05', 'de')).toBe('05.03.2024');
    expect(formatDate('2024-03-05', 'en')).toBe('2024-03-05');
    expect(formatDate(null, 'de')).toBe('—');
  });
});
