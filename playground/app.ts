/**
 * The docs playground: pick a bundled ruleset, fill a form generated from its declared inputs (or load
 * one of its worked examples), and see the outputs, the plain-language explanation and the full trace —
 * computed in the page by the library's browser build. No network: the rulesets are embedded in the
 * page as JSON. Text from rulesets and inputs only ever reaches the DOM through `textContent` or the
 * escaping HTML views.
 */
// The playground is a user of the browser entry like any other: it imports nothing else of the library.
import {
  compile,
  docsAnchor,
  explanationHtml,
  formatIssues,
  formatValue,
  isMinshengError,
  traceHtml,
  type InputDecl,
  type Label,
  type Program,
  type ResolvedRuleset,
} from '../src/browser';

type Lang = 'zh' | 'en' | 'both';

interface EmbeddedRuleset {
  readonly key: string;
  readonly page: string;
  readonly resolved: ResolvedRuleset;
  readonly cases: readonly { readonly name: string; readonly date?: string; readonly input: Record<string, unknown> }[];
}


function t(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : lang === 'en' ? en : `${zh} ${en}`;
}

function labelText(lang: Lang, l: Label | undefined): string {
  if (!l) return '';
  return lang === 'zh' ? l.zh : lang === 'en' ? l.en : `${l.zh} · ${l.en}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function readJson<T>(id: string): T {
  const node = document.getElementById(id);
  if (!node?.textContent) throw new Error(`the page has no #${id} data block`);
  return JSON.parse(node.textContent) as T;
}

/** Builds the form controls of one input (records become fieldsets, lists a JSON text area). */
function control(form: HTMLElement, path: string, name: string, decl: InputDecl, lang: Lang): void {
  const id = `in-${path}`;
  if (decl.type === 'record') {
    const set = el('fieldset');
    const legend = el('legend', {}, `${name} ${labelText(lang, decl.label)}`);
    set.append(legend);
    for (const [field, d] of Object.entries(decl.fields)) control(set, `${path}.${field}`, field, d, lang);
    form.append(set);
    return;
  }
  const lab = el('label', { for: id });
  lab.append(el('code', {}, name));
  const meaning = labelText(lang, decl.label);
  if (meaning) {
    lab.append(el('br'));
    lab.append(el('small', { class: 'en' }, meaning));
  }
  let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  const opt = decl.optional || decl.default !== undefined;
  switch (decl.type) {
    case 'enum': {
      const select = el('select', { id, 'data-path': path, 'data-type': decl.type });
      select.append(el('option', { value: '' }, opt ? t(lang, `（默认${decl.default !== undefined ? `：${String(decl.default)}` : ''}）`, `(default${decl.default !== undefined ? `: ${String(decl.default)}` : ''})`) : '—'));
      for (const v of decl.of) select.append(el('option', { value: v }, v));
      input = select;
      break;
    }
    case 'boolean': {
      const select = el('select', { id, 'data-path': path, 'data-type': decl.type });
      select.append(el('option', { value: '' }, opt ? t(lang, '（默认）', '(default)') : '—'));
      select.append(el('option', { value: 'true' }, 'true'));
      select.append(el('option', { value: 'false' }, 'false'));
      input = select;
      break;
    }
    case 'date':
      input = el('input', { id, type: 'date', 'data-path': path, 'data-type': decl.type });
      break;
    case 'list':
      input = el('textarea', { id, rows: '3', cols: '60', 'data-path': path, 'data-type': decl.type, placeholder: '[ … ]  (JSON)' });
      break;
    default:
      input = el('input', {
        id,
        type: 'text',
        inputmode: 'decimal',
        'data-path': path,
        'data-type': decl.type,
        placeholder: decl.default !== undefined ? String(decl.default) : opt ? t(lang, '可选', 'optional') : decl.type,
      });
  }
  form.append(lab, input);
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]!] = value;
}

/** Reads the form into an input object: empty fields are left out (defaults and optional inputs apply). */
function readForm(form: HTMLElement): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const node of Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[data-path]'))) {
    const raw = node.value.trim();
    if (raw === '') continue;
    const type = node.dataset['type'];
    let value: unknown = raw;
    if (type === 'boolean') value = raw === 'true';
    else if (type === 'list') value = JSON.parse(raw);
    setPath(input, node.dataset['path']!.split('.'), value);
  }
  return input;
}

/** Fills the form from a worked example's input. */
function fillForm(form: HTMLElement, input: Record<string, unknown>): void {
  for (const node of Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[data-path]'))) {
    let value: unknown = input;
    for (const key of node.dataset['path']!.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null) node.value = '';
    else if (node.dataset['type'] === 'list') node.value = JSON.stringify(value);
    else node.value = String(value);
  }
}

/**
 * Mounts the playground on the element (the page embeds the rulesets in `#minsheng-rulesets`).
 *
 * @example
 * Minsheng.mountPlayground(document.getElementById('playground'));
 */
export function mountPlayground(root: HTMLElement): void {
  const lang = (root.dataset['lang'] as Lang | undefined) ?? 'both';
  const rulesets = readJson<EmbeddedRuleset[]>('minsheng-rulesets');
  const select = root.querySelector<HTMLSelectElement>('#ruleset')!;
  const caseSelect = root.querySelector<HTMLSelectElement>('#case')!;
  const form = root.querySelector<HTMLFormElement>('#inputs')!;
  const result = root.querySelector<HTMLElement>('#result')!;
  const doc = root.querySelector<HTMLAnchorElement>('#ruleset-doc')!;
  const programs = new Map<string, Program>();
  let current: EmbeddedRuleset = rulesets[0]!;

  for (const r of rulesets) select.append(el('option', { value: r.key }, `${labelText(lang, r.resolved.label)} — ${r.key}`));

  const program = (): Program => {
    let p = programs.get(current.key);
    if (!p) {
      p = compile(current.resolved);
      programs.set(current.key, p);
    }
    return p;
  };

  const show = (key: string): void => {
    current = rulesets.find((r) => r.key === key) ?? rulesets[0]!;
    select.value = current.key;
    doc.href = current.page;
    form.replaceChildren();
    if (!current.resolved.dateInput) {
      const lab = el('label', { for: 'in-date' });
      lab.append(el('strong', {}, t(lang, '评估日期', 'Evaluation date')));
      form.append(lab, el('input', { id: 'in-date', type: 'date', 'data-eval-date': '' }));
    }
    for (const [name, decl] of Object.entries(current.resolved.inputs)) control(form, name, name, decl, lang);
    caseSelect.replaceChildren();
    current.cases.forEach((c, i) => caseSelect.append(el('option', { value: String(i) }, c.name)));
    caseSelect.disabled = current.cases.length === 0;
    result.replaceChildren();
  };

  const loadCase = (): void => {
    const c = current.cases[Number(caseSelect.value)];
    if (!c) return;
    fillForm(form, c.input);
    const date = form.querySelector<HTMLInputElement>('[data-eval-date]');
    if (date) date.value = c.date ?? '';
  };

  const evaluate = (): void => {
    result.replaceChildren();
    try {
      const input = readForm(form);
      const date = form.querySelector<HTMLInputElement>('[data-eval-date]')?.value;
      const p = program();
      const r = p.evaluate(input, { ...(date ? { date } : {}), trace: true });
      const page = current.page;
      const view = { lang, ruleset: current.resolved, docsPage: page, idPrefix: 'step' } as const;
      result.append(el('h2', {}, t(lang, '结果', 'Outputs')));
      result.append(el('p', { class: 'en' }, `${r.provenance.ruleset}@${r.provenance.version} · ${t(lang, '评估日期', 'evaluation date')} ${r.provenance.date} · ${r.provenance.hash}`));
      const table = el('table', { id: 'outputs' });
      const head = el('tr');
      head.append(el('th', {}, t(lang, '输出', 'Output')), el('th', {}, ''), el('th', { class: 'num' }, t(lang, '数值', 'Value')));
      table.append(el('thead'), el('tbody'));
      table.tHead!.append(head);
      for (const name of p.outputs) {
        const value = r.outputs[name];
        const row = el('tr', { 'data-output': name, 'data-value': typeof value === 'object' ? JSON.stringify(value) : String(value) });
        const link = el('a', { href: `${page}#${docsAnchor('rule', name)}` }, name);
        const c1 = el('td');
        c1.append(link);
        row.append(c1, el('td', {}, labelText(lang, current.resolved.rules[name]?.label)), el('td', { class: 'num' }, formatValue(value, r.trace?.find((step) => step.name === name)?.valueType)));
        table.tBodies[0]!.append(row);
      }
      result.append(table);
      const trace = r.trace ?? [];
      // Outputs that came out as zero or false need no sentence, unless nothing else does.
      const nonZero = (rule: { value: unknown }) => !['0.00', 0, false, null, '0'].includes(rule.value as never);
      const anyNonZero = trace.some((rule) => rule.output && nonZero(rule));
      result.append(el('h2', {}, t(lang, '说明', 'Explanation')));
      // The views escape every string they are given.
      result.insertAdjacentHTML('beforeend', explanationHtml(r, { ...view, ...(anyNonZero ? { include: nonZero } : {}) }));
      const details = el('details');
      details.append(el('summary', {}, t(lang, `完整计算过程（${trace.length} 步）`, `Full trace (${trace.length} step${trace.length === 1 ? '' : 's'})`)));
      details.insertAdjacentHTML('beforeend', traceHtml(trace, view));
      result.append(details);
    } catch (error) {
      const message = isMinshengError(error) ? formatIssues(error.issues) : error instanceof SyntaxError ? `JSON: ${error.message}` : String(error);
      result.append(el('h2', {}, t(lang, '无法计算', 'Cannot evaluate')), el('pre', { class: 'error', id: 'error' }, message));
    }
  };

  select.addEventListener('change', () => {
    show(select.value);
    history.replaceState(null, '', `#${encodeURIComponent(select.value)}`);
  });
  root.querySelector('#load-case')!.addEventListener('click', loadCase);
  root.querySelector('#evaluate')!.addEventListener('click', evaluate);
  root.querySelector('#reset')!.addEventListener('click', () => {
    form.reset();
    result.replaceChildren();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    evaluate();
  });
  // The ruleset pages link to playground.html#<id@version>; following another such link only changes the hash.
  window.addEventListener('hashchange', () => {
    const key = decodeURIComponent(location.hash.slice(1));
    if (key && key !== current.key) show(key);
  });
  show(decodeURIComponent(location.hash.slice(1)) || current.key);
}
