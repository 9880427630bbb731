/**
 * The national basic public services catalogue (81 items) as data, with which bundled rulesets encode each item.
 */
export { listCatalogue, catalogueOptionsSchema } from './catalogue';
export type { Catalogue, CatalogueArea, CatalogueFacade, CatalogueItem, CatalogueOptions, EncodedIn, ProvisionBasis } from './catalogue';
