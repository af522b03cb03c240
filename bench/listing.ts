import type { Engine } from '../src/shared/db.ts';
import type { LatencySummary } from './stats.ts';

export type ListingResult = { engine: Engine; rows: number; loadSeconds: number; queries: { name: string; path: string; items: number; latencyMs: LatencySummary }[] };

export async function listingOn(engine: Engine, rows: number, _o: { poolSize: number }, _log: (s: string) => void): Promise<ListingResult> {
  return { engine, rows, loadSeconds: 0, queries: [] };
}
