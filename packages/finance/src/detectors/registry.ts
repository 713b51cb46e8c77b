/**
 * Every detector Ariadne ships, by id, and the default typology configuration over them
 * (`typologies.json`, validated against this registry when the module loads, so a typo in the
 * shipped file fails every test rather than a scan in the field).
 */
import type { AnyDetector } from '../detector.ts';
import { parseScoringConfig, type ScoringConfig } from '../typology.ts';
import typologies from '../typologies.json' with { type: 'json' };
import { bipartite } from './bipartite.ts';
import { cycles } from './cycles.ts';
import { fanIn, fanOut } from './fan.ts';
import { layeringChain } from './layering.ts';
import { rapidPassThrough } from './pass-through.ts';
import { RED_FLAG_DETECTORS } from './red-flags/index.ts';
import { gatherScatter, scatterGather } from './scatter-gather.ts';
import { structuring } from './structuring.ts';

/** the structural detectors of the eight laundering shapes, pass-through and structuring */
export const STRUCTURAL_DETECTORS: readonly AnyDetector[] = [
  fanIn, fanOut, scatterGather, gatherScatter, cycles, bipartite, layeringChain, rapidPassThrough, structuring,
] as unknown as AnyDetector[];

export const DETECTORS: ReadonlyMap<string, AnyDetector> = new Map(
  [...STRUCTURAL_DETECTORS, ...RED_FLAG_DETECTORS].map((d) => [d.id, d]),
);

export const DEFAULT_SCORING: ScoringConfig = parseScoringConfig(typologies, DETECTORS);
