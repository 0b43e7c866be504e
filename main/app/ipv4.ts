// IPv4 arithmetic for the IP manager: addresses as unsigned 32-bit numbers, networks as CIDR.

export interface Cidr {
  base: number;
  prefix: number;
  /** first and last address of the block (network and broadcast addresses included) */
  first: number;
  last: number;
}

export function ipToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export const intToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export function parseCidr(text: string): Cidr | null {
  const [ip, len, extra] = text.trim().split('/');
  if (extra !== undefined || len === undefined || !/^\d{1,2}$/.test(len)) return null;
  const base = ipToInt(ip);
  const prefix = Number(len);
  if (base === null || prefix > 32) return null;
  const size = 2 ** (32 - prefix);
  const first = base - (base % size);
  return { base, prefix, first, last: first + size - 1 };
}

/** Usable host addresses: without network and broadcast address, except /31 (point-to-point) and /32. */
export function hostRange(c: Cidr): { from: number; to: number } {
  return c.prefix >= 31 ? { from: c.first, to: c.last } : { from: c.first + 1, to: c.last - 1 };
}

export const hostCount = (c: Cidr): number => {
  const { from, to } = hostRange(c);
  return to - from + 1;
};

export const contains = (c: Cidr, ip: number): boolean => ip >= c.first && ip <= c.last;

export const overlaps = (a: Cidr, b: Cidr): boolean => a.first <= b.last && b.first <= a.last;

/** MAC list as stored: upper case, colons, comma separated ("00:1a-2b-…, …" → "00:1A:2B:…,…"). */
export function normaliseMacs(text: string): string {
  return text
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '')
    .map((m) => m.toUpperCase().replace(/-/g, ':'))
    .join(',');
}
