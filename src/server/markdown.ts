import MarkdownIt from 'markdown-it';
import { posix } from 'node:path';
import { FrontmatterError, parseFrontmatter } from '../core/claude/frontmatter.js';

/**
 * Markdown from the library or the project, rendered for the page. `html: false` shows raw HTML
 * as text, and markdown-it's link check drops javascript:, vbscript:, file: and most data: URLs,
 * so a skill cannot put a script or a handler into the dashboard (the CSP would stop it anyway).
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

export interface LinkContext {
  /** Folder of the rendered file, relative to the skill, e.g. "" or "references". */
  dir: string;
  /** Files of the same skill that may be linked to. */
  files: Set<string>;
  /** The in-page address that shows one of those files. */
  route: (path: string) => string;
}

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (/^https?:\/\//i.test(href) || href.startsWith('mailto:')) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
  } else if (!href.startsWith('#')) {
    // A link to a file of the skill opens it in the dashboard; any other relative link would
    // lead to a page the dashboard does not have, so it becomes plain text.
    const links = (env as { links?: LinkContext } | undefined)?.links;
    const target = links ? posix.normalize(posix.join(links.dir, href.split('#')[0]!)) : '';
    if (links && links.files.has(target)) token.attrSet('href', links.route(target));
    else token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'href');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(text: string, links?: LinkContext): string {
  return md.render(text, { links });
}

/** Splits off the frontmatter (shown as data, not text) and renders the rest. */
export function renderDocument(text: string, links?: LinkContext): { html: string; frontmatter: Record<string, unknown> } {
  try {
    const { data, body } = parseFrontmatter(text);
    return { html: renderMarkdown(body, links), frontmatter: data };
  } catch (err) {
    if (!(err instanceof FrontmatterError)) throw err;
    return { html: renderMarkdown(text, links), frontmatter: {} };
  }
}
