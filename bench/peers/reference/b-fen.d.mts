// Hand-written declarations for the copied peer (plain JS, see README.md).
import type { Claim } from '../../workload/generate.mjs';
export function settleFen(claim: Claim): { basicPaid: number; criticalPaid: number; assistancePaid: number; outOfPocket: number };
