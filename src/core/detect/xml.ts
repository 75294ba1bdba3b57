/**
 * Just enough XML for pom.xml: elements, their text and children; attributes, comments,
 * CDATA markers, processing instructions and doctypes are skipped. One pass with indexOf, so a
 * file full of unclosed tags costs linear time (a lazy `<a>[\s\S]*?</a>` regex costs quadratic),
 * nesting is capped and a broken file yields what was read up to the break.
 */
export interface XmlElement {
  name: string;
  text: string;
  children: XmlElement[];
}

const MAX_DEPTH = 32;
const MAX_ELEMENTS = 50_000;

export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '', text: '', children: [] };
  const stack: XmlElement[] = [root];
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    if (open < 0) break;
    if (open > i && stack.length > 1) top.text += text.slice(i, open);
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', open)) {
      const end = text.indexOf(']]>', open + 9);
      if (end < 0) break;
      top.text += text.slice(open + 9, end);
      i = end + 3;
      continue;
    }
    const close = text.indexOf('>', open + 1);
    if (close < 0) break;
    const tag = text.slice(open + 1, close);
    i = close + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      // Close up to the matching element; a stray closing tag is ignored.
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const name = /^[^\s/>]+/.exec(tag)?.[0];
    if (!name) continue;
    if ((count += 1) > MAX_ELEMENTS) break;
    const element: XmlElement = { name, text: '', children: [] };
    top.children.push(element);
    if (!selfClosing && stack.length < MAX_DEPTH) stack.push(element);
  }
  return root;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** The trimmed text of a child element, undefined when absent or empty. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const text = child(element, name)?.text.trim();
  return text ? decodeEntities(text) : undefined;
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!);
}
