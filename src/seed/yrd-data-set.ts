// The YRD data set the service loads: the base set (yrd.seed.ts) with the records other files add to it.
import { mergeSeed } from './seed-loader';
import type { SeedDataSet } from './seed.types';
import { yrdSeed } from './yrd.seed';

export const yrdDataSet: SeedDataSet = mergeSeed(yrdSeed);
