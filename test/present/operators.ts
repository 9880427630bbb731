/** Formula syntax that must never reach a reader of an explanation (shared by the words, letter and browser tests). */
export const FORMULA_OPERATORS = /==|!=|<=|>=|&&|\|\||\b(?:min|max|clamp|round|scale|sum|count|exists|every|abs)\(|\bif\b.*\bthen\b|\[[a-z]\w*\]/;
