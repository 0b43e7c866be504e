import type Database from 'better-sqlite3';
import { radiusRows } from '../../db/networkAnswers';
import { verifyPapSsha512 } from '../app/passwords';

// What FreeRADIUS answers a PAP Access-Request, computed from the very rows its sql module reads (the queries of
// db/networkAnswers.ts) with the same rules as its configuration (main/radius/config.ts): no check row → reject;
// a check item that does not hold (Calling-Station-Id) → reject; the password against Cleartext-Password or
// SSHA2-512-Password; on accept the reply rows, on reject nothing. The scenario runner's `radius` expectation
// uses it; the integration tests hold it against the real server.

export interface AccessAnswer {
  result: 'accept' | 'reject';
  attributes: Record<string, string>;
}

export function papAnswer(sqlite: Database.Database, login: string, password: string, callingStationId?: string): AccessAnswer {
  const { check, reply } = radiusRows(sqlite, login);
  const reject: AccessAnswer = { result: 'reject', attributes: {} };
  if (!check.length) return reject;
  for (const item of check) {
    if (item.attribute === 'Calling-Station-Id' && item.value !== callingStationId) return reject;
    if (item.attribute === 'Cleartext-Password' && item.value !== password) return reject;
    if (item.attribute === 'SSHA2-512-Password' && !verifyPapSsha512(password, item.value)) return reject;
  }
  return { result: 'accept', attributes: Object.fromEntries(reply.map((r) => [r.attribute, r.value])) };
}
