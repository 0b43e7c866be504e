// Invoice and credit-note number patterns ("billing.invoiceNumberPattern", "billing.creditNoteNumberPattern"):
// `{year}`, `{partner_id}` / `{partner_id|N}` and `{next}` / `{next|N}` (N = zero-padded width) around fixed text.
// One module for the rule (settings validation), the numbering (main/app/ledger.ts) and the demo generator, so a
// pattern that passes here is one the ledger can number with, and a pattern that got into a file before these
// rules existed (no {next}, a width of a billion) still numbers documents instead of looping or failing.

export const NUMBER_PATTERN_MAX_LENGTH = 64;
/** Widest zero-padding: 12 digits outlast any ISP's documents; wider only makes numbers (and the file) huge. */
export const NUMBER_WIDTH_MAX = 12;

const PLACEHOLDER = /\{(year|partner_id|next)(?:\|(\d+))?\}/g;
const NEXT = /\{next(?:\|\d+)?\}/;
const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;

/** Why a pattern cannot be saved, in words (null: it can). */
export function numberPatternProblem(pattern: string): string | null {
  if (pattern.trim().length === 0) return 'is required';
  if (pattern.length > NUMBER_PATTERN_MAX_LENGTH) return `must be at most ${NUMBER_PATTERN_MAX_LENGTH} characters`;
  if (CONTROL.test(pattern)) return 'must not contain control or invisible characters';
  const rest = pattern.replace(PLACEHOLDER, '');
  if (/[{}]/.test(rest)) return 'may use only the placeholders {year}, {partner_id}, {partner_id|N}, {next} and {next|N}';
  for (const m of pattern.matchAll(PLACEHOLDER)) {
    if (m[1] === 'year' && m[2] !== undefined) return '{year} takes no width';
    if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > NUMBER_WIDTH_MAX)) return `a width must be between 1 and ${NUMBER_WIDTH_MAX}, e.g. {next|6}`;
  }
  if (!NEXT.test(pattern)) return 'must contain {next} (the running number), e.g. INV-{year}-{next|6}: without it every document would get the same number';
  return null;
}

/**
 * The number maker of one pattern, year and partner, waiting for the running number. Tolerant on purpose: a
 * stored pattern without {next} gets "-{next}" appended and widths are capped at NUMBER_WIDTH_MAX, so an old file
 * numbers its documents uniquely and in bounded size (settings.update refuses such patterns since issue 15).
 */
export function compileNumberPattern(pattern: string, year: string, partnerId: number): (next: number) => string {
  const usable = NEXT.test(pattern) ? pattern : `${pattern}-{next}`;
  const pad = (v: number | string, width: string | undefined) => String(v).padStart(width ? Math.min(Number(width), NUMBER_WIDTH_MAX) : 0, '0');
  const fixed = usable.replace(/\{year\}/g, year).replace(/\{partner_id(?:\|(\d+))?\}/g, (_m, w: string | undefined) => pad(partnerId, w));
  return (next) => fixed.replace(/\{next(?:\|(\d+))?\}/g, (_m, w: string | undefined) => pad(next, w));
}
