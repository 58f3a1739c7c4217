// The YRD data set the service loads: the base set (yrd.seed.ts) with the records yrd-additions.seed.ts adds to it
// (round-3 tasks, practical-project indicators, readings on existing indicators, task updates).
import { mergeSeed } from './seed-loader';
import type { SeedDataSet } from './seed.types';
import { yrdAdditions } from './yrd-additions.seed';
import { yrdSeed } from './yrd.seed';

export const yrdDataSet: SeedDataSet = mergeSeed(yrdSeed, yrdAdditions);
