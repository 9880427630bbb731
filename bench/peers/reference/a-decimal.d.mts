// Hand-written declarations for the copied peer (plain JS, see README.md).
import type Decimal from 'decimal.js';
import type { Claim } from '../../workload/generate.mjs';
export function settleDecimal(claim: Claim): { basicPaid: Decimal; criticalPaid: Decimal; assistancePaid: Decimal; outOfPocket: Decimal };
