/**
 * The shape of seeds/public-services-catalogue.yaml (the national basic public services standard as data), as
 * carried in catalogue.generated.ts. Field meanings are documented in the YAML file's header.
 */
import type { Label } from '../../ruleset/schema';

/** Where an item is provided: the place of residence (常住地), the hukou place, or not stated by a source. */
export type ProvisionBasis = 'residence' | 'hukou' | 'unknown';

/** A published figure of an item (amounts as decimal strings, as the source gives them). */
export type RawStandard = Readonly<Record<string, string | number>>;

/** One item (of the 81, or a related entitlement) as the YAML records it. */
export interface RawItem {
  readonly id: string;
  readonly name: Label;
  readonly area?: string;
  readonly nearestArea?: string;
  readonly membership?: string;
  readonly countedIn81?: boolean;
  readonly whyNotCounted?: string;
  readonly serves: string;
  readonly provision: ProvisionBasis;
  readonly provisionSource?: string;
  readonly provisionNote?: string;
  readonly standard: RawStandard | null;
  readonly source: string;
  readonly encoded: string;
  readonly note?: string;
}

/** One area (or several published together) of the standard. */
export interface RawArea {
  readonly id: string;
  readonly name: Label;
  readonly combines?: readonly { readonly id: string; readonly name: Label }[];
  readonly count: number;
  readonly countStatus: string;
  readonly derivation?: string;
  readonly splitVerified?: boolean;
  readonly source: string;
  readonly note?: string;
  readonly items: readonly RawItem[];
  readonly unnamedItems: number;
}

/** The whole catalogue file. */
export interface RawCatalogue {
  readonly standard: {
    readonly name: Label;
    readonly edition: string;
    readonly totalItems: number;
    readonly totalItemsSource: string;
    readonly areaCount: number;
    readonly areaCountStatus: string;
    readonly areaCountNote?: string;
    readonly categoryCount: number;
    readonly categoryCountStatus: string;
    readonly categoryNames?: string;
    readonly residenceProvided: { readonly count: number; readonly of: number; readonly asOf: string; readonly source: string; readonly note?: string };
    readonly notYetResidenceProvided: { readonly count: number; readonly status: string; readonly derivation: string };
  };
  readonly areas: readonly RawArea[];
  readonly relatedEntitlements: readonly RawItem[];
  readonly provisionMechanisms: readonly {
    readonly id: string;
    readonly name: Label;
    readonly applies: string;
    readonly basis: string;
    readonly scoringRules: string;
    readonly source: string;
    readonly encoded: string;
  }[];
}
