/**
 * The national basic public services catalogue (国家基本公共服务标准, 81 items) as an API: items by area, where each
 * is provided (residence or hukou), whom it serves, the standard where one is published, and — computed from the
 * bundled rulesets, not recorded by hand — which rulesets encode a rule that decides it, and through which facade.
 *
 * The catalogue data is seeds/public-services-catalogue.yaml, carried as catalogue.generated.ts. Only some of the
 * 81 items are named in the sources; the others are counts per area (`unnamedItems`), never made-up names.
 */
import { z } from 'zod';
import { MinshengError } from '../../errors';
import { parse } from 'yaml';
import { BUNDLED_FILES } from '../../bundled/rulesets.generated';
import type { Label } from '../../ruleset/schema';
import { checkArg, requirePlainObject, strictRecord } from '../fields';
import { CATALOGUE_DATA } from './catalogue.generated';
import type { ProvisionBasis, RawItem } from './types';

export type { ProvisionBasis } from './types';

/** The public function through which a ruleset's rule for an item is used. */
export type CatalogueFacade = 'listEntitlements' | 'assessHousehold' | 'settleClaim';

/** A bundled ruleset that encodes a rule deciding an item. */
export interface EncodedIn {
  /** Ruleset id, e.g. `cn/entitlements/national`. */
  readonly ruleset: string;
  readonly version: string;
  /** The rule that decides the item (e.g. `hpvVaccinationEligible`). */
  readonly rule: string;
  /** The layer that sets the rule (the ruleset itself, or one it extends). */
  readonly definedIn: string;
  /** An example ruleset (figures not official). */
  readonly example: boolean;
  readonly facade: CatalogueFacade;
}

/** One service of the catalogue. */
export interface CatalogueItem {
  readonly id: string;
  readonly name: Label;
  /** The area it belongs to (for a related entitlement: the nearest area). */
  readonly area: string;
  readonly areaName: Label;
  /**
   * `standard-item`: named as one of the 81 (membership inferred from the sources, see `note`);
   * `related`: named in the sources but not counted among the 81 (why: `whyNotCounted`).
   */
  readonly kind: 'standard-item' | 'related';
  readonly whyNotCounted?: string;
  /** The population it serves, in the sources' words (ours). */
  readonly serves: string;
  /** Residence- or hukou-based provision; `unknown` unless a source says (`provisionSource`). */
  readonly provisionBasis: ProvisionBasis;
  readonly provisionSource?: string;
  readonly provisionNote?: string;
  /** Published figures (decimal strings), or null where none is published. */
  readonly standard: Readonly<Record<string, string>> | null;
  /** Id of the source in seeds/sources.yaml. */
  readonly source: string;
  readonly note?: string;
  /** Computed: the bundled rulesets with a rule deciding the item (empty: listed only). */
  readonly encodedIn: readonly EncodedIn[];
}

/** One area of the standard with its counts. */
export interface CatalogueArea {
  readonly id: string;
  readonly name: Label;
  /** Items the standard has in this area (or in the areas combined here). */
  readonly count: number;
  /** `seed` (published count) or `inferred` (worked out, see the YAML). */
  readonly countStatus: string;
  /** Items named in the sources / only counted. */
  readonly namedItems: number;
  readonly unnamedItems: number;
  /** For a count unit that combines areas published together. */
  readonly combines?: readonly { readonly id: string; readonly name: Label }[];
}

/** The result of {@link listCatalogue}. */
export interface Catalogue {
  readonly name: Label;
  readonly totalItems: number;
  /** Items provided by place of residence, of `totalItems`, as of a date (per-item provision mostly unknown). */
  readonly residenceProvided: { readonly count: number; readonly of: number; readonly asOf: string; readonly source: string };
  readonly areas: readonly CatalogueArea[];
  /** The items that match the options, standard items first, in catalogue order. */
  readonly items: readonly CatalogueItem[];
}

/** Options of {@link listCatalogue}: every filter is optional and they combine (and). */
export interface CatalogueOptions {
  /** Only this area's items (an area id, e.g. `health`). */
  readonly area?: string;
  /** Only items provided this way. */
  readonly provisionBasis?: ProvisionBasis;
  /** `true`: only items some bundled ruleset encodes; `false`: only items listed without rules. */
  readonly encoded?: boolean;
  /** Include related entitlements (not among the 81). Default true. */
  readonly includeRelated?: boolean;
}

/** {@link CatalogueOptions} as a zod schema. */
export const catalogueOptionsSchema: z.ZodType<unknown> = strictRecord(
  {
    area: z.string().max(100).optional(),
    provisionBasis: z.enum(['residence', 'hukou', 'unknown']).optional(),
    encoded: z.boolean().optional(),
    includeRelated: z.boolean().optional(),
  },
  'options { area?, provisionBasis?, encoded?, includeRelated? }',
);

/**
 * Which rule decides each item, and through which facade. This is the link between an item and the rules (the
 * facades' own rule names); whether a bundled ruleset has such a rule is computed by {@link listCatalogue}.
 */
const ITEM_RULES: Readonly<Record<string, readonly { readonly rule: string; readonly facade: CatalogueFacade }[]>> = {
  'childcare-subsidy': [{ rule: 'childcareSubsidyEligible', facade: 'listEntitlements' }],
  'resident-basic-pension': [{ rule: 'residentPensionEligible', facade: 'listEntitlements' }],
  'basic-public-health-services': [{ rule: 'basicPublicHealthServicesEligible', facade: 'listEntitlements' }],
  'resident-basic-medical-insurance': [{ rule: 'residentInsuranceSubsidyEligible', facade: 'listEntitlements' }],
  'blood-donor-fee-exemption': [{ rule: 'bloodDonorFeeExemptionEligible', facade: 'listEntitlements' }],
  'hpv-vaccination-girls': [{ rule: 'hpvVaccinationEligible', facade: 'listEntitlements' }],
  'prenatal-checks': [{ rule: 'prenatalChecksEligible', facade: 'listEntitlements' }],
  'minimum-living-allowance': [{ rule: 'dibaoEligible', facade: 'assessHousehold' }],
  'extreme-poverty-support': [{ rule: 'extremePovertyEligible', facade: 'assessHousehold' }],
  'medical-assistance': [{ rule: 'assistancePaid', facade: 'settleClaim' }],
};

interface RulesOf {
  readonly id: string;
  readonly version: string;
  readonly parent?: string;
  readonly own: ReadonlySet<string>;
}

/**
 * The rule names a ruleset file declares itself: the keys of its top-level block mapping `rules:` (two-space
 * indent, as every bundled file writes it). A file that writes `rules:` otherwise (flow style) is parsed in full.
 * Reading the keys by line is ~10,000 times cheaper than parsing: resolving (or even YAML-parsing) every bundled
 * ruleset costs seconds on a loaded machine. test/domains/catalogue checks the keys against the resolved rules.
 */
export function declaredRuleNames(text: string): Set<string> {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^rules\s*:/.test(l));
  if (start < 0) return new Set();
  if (!/^rules\s*:\s*(#.*)?$/.test(lines[start]!)) {
    const doc: unknown = parse(text);
    const rules = typeof doc === 'object' && doc !== null && 'rules' in doc ? (doc as { rules?: unknown }).rules : undefined;
    return new Set(typeof rules === 'object' && rules !== null ? Object.keys(rules) : []);
  }
  const names = new Set<string>();
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\S/.test(line) && !line.startsWith('#')) break;
    const m = /^ {2}([A-Za-z_][\w.]*)\s*:/.exec(line);
    if (m) names.add(m[1]!);
  }
  return names;
}

/** The rule names each bundled ruleset file declares itself, and its parent (benchmarks excluded), read once. */
let rulesIndex: ReadonlyMap<string, RulesOf> | undefined;
function bundledRules(): ReadonlyMap<string, RulesOf> {
  if (rulesIndex) return rulesIndex;
  const index = new Map<string, RulesOf>();
  for (const f of BUNDLED_FILES) {
    if (f.id.startsWith('bench/')) continue;
    const own = declaredRuleNames(f.text);
    index.set(f.id, { id: f.id, version: f.version, ...(f.extends ? { parent: f.extends.split('@')[0]! } : {}), own });
  }
  rulesIndex = index;
  return index;
}

/** The nearest layer of `id`'s extends chain (itself first) that declares `rule`. */
function layerWith(index: ReadonlyMap<string, RulesOf>, id: string, rule: string): string | undefined {
  const seen = new Set<string>();
  for (let at = index.get(id); at && !seen.has(at.id); at = at.parent ? index.get(at.parent) : undefined) {
    seen.add(at.id);
    if (at.own.has(rule)) return at.id;
  }
  return undefined;
}

function encodedIn(itemId: string): EncodedIn[] {
  const hooks = ITEM_RULES[itemId] ?? [];
  const index = bundledRules();
  const found: EncodedIn[] = [];
  for (const r of index.values()) {
    for (const hook of hooks) {
      const definedIn = layerWith(index, r.id, hook.rule);
      if (definedIn) found.push({ ruleset: r.id, version: r.version, rule: hook.rule, definedIn, example: r.id.includes('/example/'), facade: hook.facade });
    }
  }
  return found;
}

function standardOf(raw: RawItem['standard']): Readonly<Record<string, string>> | null {
  if (raw === null) return null;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
}

function itemOf(raw: RawItem, kind: CatalogueItem['kind'], areaNames: ReadonlyMap<string, Label>): CatalogueItem {
  const area = (kind === 'related' ? raw.nearestArea : raw.area) ?? '';
  return {
    id: raw.id,
    name: raw.name,
    area,
    areaName: areaNames.get(area) ?? { zh: area, en: area },
    kind,
    ...(raw.whyNotCounted !== undefined ? { whyNotCounted: raw.whyNotCounted } : {}),
    serves: raw.serves,
    provisionBasis: raw.provision,
    ...(raw.provisionSource !== undefined ? { provisionSource: raw.provisionSource } : {}),
    ...(raw.provisionNote !== undefined ? { provisionNote: raw.provisionNote } : {}),
    standard: standardOf(raw.standard),
    source: raw.source,
    ...(raw.note !== undefined ? { note: raw.note } : {}),
    encodedIn: encodedIn(raw.id),
  };
}

/**
 * Reads the national basic public services catalogue: the areas with their item counts, and the items the sources
 * name — each with where it is provided (residence or hukou), whom it serves, its published standard, and which
 * bundled rulesets encode a rule that decides it (computed from the rulesets, with the facade to use).
 *
 * @param options filters: `area`, `provisionBasis`, `encoded` (only items with / without rules), `includeRelated`
 * @returns the standard's totals, the areas, and the matching items
 * @throws MinshengError `options/invalid` (options not an object, an unknown option or wrong type), `input/enum`
 *   (an area id the catalogue does not have, at path `area`)
 * @example
 * const { items } = listCatalogue({ area: 'early-childhood' });
 * items.find((i) => i.id === 'prenatal-checks')!.provisionBasis; //=> 'residence'
 * listCatalogue({ encoded: true }).items.map((i) => i.id).includes('hpv-vaccination-girls'); //=> true
 */
export function listCatalogue(options: CatalogueOptions = {}): Catalogue {
  requirePlainObject(options, 'options/invalid', 'listCatalogue takes options { area?, provisionBasis?, encoded?, includeRelated? }');
  checkArg(options, catalogueOptionsSchema, { code: 'options/invalid' });
  const o: CatalogueOptions = options;
  const data = CATALOGUE_DATA;
  const areaNames = new Map<string, Label>(data.areas.map((a) => [a.id, a.name]));
  if (o.area !== undefined && !areaNames.has(o.area)) {
    throw new MinshengError({ code: 'input/enum', message: `area must be one of ${[...areaNames.keys()].map((a) => `'${a}'`).join(', ')}, got '${o.area}'`, path: ['area'] });
  }
  const all = [
    ...data.areas.flatMap((a) => a.items.map((i) => itemOf(i, 'standard-item', areaNames))),
    ...(o.includeRelated === false ? [] : data.relatedEntitlements.map((i) => itemOf(i, 'related', areaNames))),
  ];
  const items = all.filter(
    (i) =>
      (o.area === undefined || i.area === o.area) &&
      (o.provisionBasis === undefined || i.provisionBasis === o.provisionBasis) &&
      (o.encoded === undefined || i.encodedIn.length > 0 === o.encoded),
  );
  const r = data.standard.residenceProvided;
  return {
    name: data.standard.name,
    totalItems: data.standard.totalItems,
    residenceProvided: { count: r.count, of: r.of, asOf: r.asOf, source: r.source },
    areas: data.areas.map((a) => ({
      id: a.id,
      name: a.name,
      count: a.count,
      countStatus: a.countStatus,
      namedItems: a.items.length,
      unnamedItems: a.unnamedItems,
      ...(a.combines ? { combines: a.combines } : {}),
    })),
    items,
  };
}
