/**
 * Checks a Narrative `div` against the FHIR R4 narrative rules (§2.4.0 "Narrative"): a
 * well-formed XHTML fragment whose root is a `div` in the XHTML namespace, using only the basic
 * HTML elements and attributes FHIR allows, with no scripts, event handlers, forms or active
 * content. Returns human-readable problems (none when valid); never the text itself.
 */
export function checkXhtml(text: string): string[] {
  const problems: string[] = [];
  const tokens = tokenize(text, problems);
  if (problems.length > 0) return problems;

  const stack: string[] = [];
  let seenRoot = false;
  let hasContent = false;
  for (const token of tokens) {
    switch (token.kind) {
      case 'open': {
        if (token.name === 'img') hasContent = true;
        for (const value of token.attributes.values()) checkEntities(value, problems);
        if (stack.length === 0) {
          if (seenRoot) problems.push('Only one root element is allowed in narrative');
          seenRoot = true;
          if (token.name !== 'div')
            problems.push(`The narrative root must be a div, not <${token.name}>`);
          if (token.attributes.get('xmlns') !== XHTML_NS) {
            problems.push(`The narrative div must declare xmlns="${XHTML_NS}"`);
          }
        }
        checkElement(token.name, token.attributes, problems);
        if (!token.selfClosing) stack.push(token.name);
        break;
      }
      case 'close': {
        const open = stack.pop();
        if (open !== token.name) {
          problems.push(
            `Narrative is not well-formed: </${token.name}> closes <${open ?? 'nothing'}>`,
          );
          return problems;
        }
        break;
      }
      case 'text':
        if (stack.length === 0 && token.text.trim() !== '') {
          problems.push('Text is not allowed outside the narrative div');
        }
        if (token.text.trim() !== '') hasContent = true;
        checkEntities(token.text, problems);
        break;
    }
  }
  if (stack.length > 0)
    problems.push(`Narrative is not well-formed: <${stack.at(-1) ?? ''}> is never closed`);
  if (!seenRoot) problems.push('Narrative must contain a div element');
  if (seenRoot && problems.length === 0 && !hasContent) {
    problems.push(
      'The narrative has no content: it SHALL have some non-whitespace content (txt-2)',
    );
  }
  return problems;
}

const ENTITY = /&(?:([A-Za-z][A-Za-z0-9]*)|#[0-9]+|#x[0-9A-Fa-f]+);/y;
/** XML defines these five entities and no others; XHTML's (`&nbsp;`) need its DTD. */
const XML_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/**
 * An `&` must start a character reference (`&#160;`) or one of XML's five entities: a bare `&`,
 * or an HTML entity such as `&nbsp;`, is not well-formed XML.
 */
function checkEntities(text: string, problems: string[]): void {
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    ENTITY.lastIndex = at;
    const match = ENTITY.exec(text);
    if (match === null) {
      problems.push('Narrative is not well-formed: a bare "&" must be written as &amp;');
      return;
    }
    const name = match[1];
    if (name !== undefined && !XML_ENTITIES.has(name)) {
      problems.push(
        `Narrative is not well-formed: the entity &${name}; is not defined in XML (write the character itself, or a character reference such as &#160;)`,
      );
      return;
    }
  }
}

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

// FHIR R4 narrative: the elements of the XHTML basic formatting set (no head, body, script,
// style, form, input, object, applet, iframe, embed, base, link, meta, frameset…).
const ALLOWED_ELEMENTS = new Set(
  (
    'a abbr acronym address b big blockquote br caption cite code col colgroup dd dfn div dl dt em ' +
    'h1 h2 h3 h4 h5 h6 hr i img li ol p pre q samp small span strong sub sup table tbody td tfoot ' +
    'th thead tr tt ul var bdo del ins kbd s strike u center font map area'
  ).split(' '),
);

const ALLOWED_ATTRIBUTES = new Set(
  (
    'abbr accesskey align alt axis bgcolor border cellhalign cellpadding cellspacing cellvalign char ' +
    'charoff charset cite class colspan compact coords dir frame headers height href hreflang hspace ' +
    'id lang longdesc name nowrap rel rev rowspan rules scope shape span src start style summary ' +
    'tabindex title type valign value vspace width xml:lang xmlns datetime size color face start ' +
    'reversed usemap xml:space'
  ).split(' '),
);

function checkElement(name: string, attributes: Map<string, string>, problems: string[]): void {
  if (!ALLOWED_ELEMENTS.has(name)) problems.push(`Element <${name}> is not allowed in narrative`);
  for (const [attribute, value] of attributes) {
    if (attribute.startsWith('on')) {
      problems.push(`Event handler attribute '${attribute}' is not allowed in narrative`);
    } else if (!ALLOWED_ATTRIBUTES.has(attribute) && !attribute.startsWith('xmlns:')) {
      problems.push(`Attribute '${attribute}' is not allowed on <${name}> in narrative`);
    }
    if (
      (attribute === 'href' || attribute === 'src') &&
      /^\s*(javascript|vbscript|data:text\/html)/i.test(value)
    ) {
      problems.push(`Active content in '${attribute}' is not allowed in narrative`);
    }
  }
}

type Token =
  | { kind: 'open'; name: string; attributes: Map<string, string>; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

const TAG = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?)>/;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/g;

function tokenize(text: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    if (lt === -1) {
      tokens.push({ kind: 'text', text: text.slice(at) });
      break;
    }
    if (lt > at) tokens.push({ kind: 'text', text: text.slice(at, lt) });
    const rest = text.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = text.indexOf('-->', lt + 4);
      if (end === -1) {
        problems.push('Narrative is not well-formed: a comment is never closed');
        return tokens;
      }
      at = end + 3;
      continue;
    }
    if (rest.startsWith('<?') || rest.startsWith('<!')) {
      problems.push('Processing instructions, DOCTYPE and CDATA are not allowed in narrative');
      return tokens;
    }
    const match = TAG.exec(rest);
    if (match === null) {
      problems.push('Narrative is not well-formed XHTML: a "<" does not start a valid tag');
      return tokens;
    }
    const [whole, slash, name = '', attributeText = '', selfClosing] = match;
    if (slash === '/') tokens.push({ kind: 'close', name });
    else {
      const attributes = new Map<string, string>();
      for (const a of attributeText.matchAll(ATTRIBUTE)) {
        const attributeName = a[1] ?? '';
        if (attributes.has(attributeName)) {
          problems.push(`Narrative is not well-formed: attribute '${attributeName}' appears twice`);
        }
        attributes.set(attributeName, a[2] ?? a[3] ?? '');
      }
      tokens.push({ kind: 'open', name, attributes, selfClosing: selfClosing === '/' });
    }
    at = lt + whole.length;
  }
  return tokens;
}
