// Hand-written declarations for the copied generator (plain JS, see README.md).
import type { z } from 'zod';
import type { Claim } from '../../workload/generate.mjs';
export function mulberry32(seed: number): () => number;
export function generateClaims(n: number, seed?: number): Claim[];
export const ClaimSchema: z.ZodType<Claim>;
