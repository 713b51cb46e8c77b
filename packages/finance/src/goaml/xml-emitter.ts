/**
 * A small streaming XML writer for goAML documents: elements without attributes or namespaces,
 * indented so validator line numbers point at one element, text escaped. Text must already be
 * cleaned of characters XML cannot carry (`cleanText`); escaping `>` as well as `<` and `&`
 * keeps a `]]>` in the data harmless.
 */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class XmlEmitter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  /** open elements, with the path segment each shows in error messages (`transaction[2]`) */
  private readonly open: { name: string; segment: string }[] = [];

  start(name: string, segment: string = name): void {
    this.parts.push(`${this.indent()}<${name}>\n`);
    this.open.push({ name, segment });
  }

  end(): void {
    const top = this.open.pop();
    if (top === undefined) throw new Error('XmlEmitter: end() without start()');
    this.parts.push(`${this.indent()}</${top.name}>\n`);
  }

  /** `<name>text</name>`; empty text gives `<name></name>`, which a schema allowing empty content accepts. */
  leaf(name: string, text: string): void {
    this.parts.push(`${this.indent()}<${name}>${escapeXml(text)}</${name}>\n`);
  }

  /** The XPath-like location of `field` under the open elements: `/report/transaction[2]/t_from/from_country`. */
  path(field?: string): string {
    const segments = this.open.map((o) => o.segment);
    if (field !== undefined) segments.push(field);
    return `/${segments.join('/')}`;
  }

  toString(): string {
    if (this.open.length > 0) throw new Error('XmlEmitter: unclosed elements');
    return this.parts.join('');
  }

  private indent(): string {
    return '  '.repeat(this.open.length);
  }
}
