/**
 * The one document module. Every paper the service makes (Marac agendas, research packs and minutes now;
 * letters, safety plans and conference papers later) is a Paper: a title, who it is for (the audience and
 * the named recipient whose copy it is), and its content as plain blocks of text. Templates build the
 * blocks only from values already through the redaction presenter for the `document` audience, which
 * never lets withheld whereabouts through (domain/redaction/confidential.ts); the blocks are plain text,
 * so nothing else can smuggle them in. Two outputs: an accessible HTML print page and a tagged PDF with
 * real text (pdf.ts), and each copy made is recorded with its hash (copies.ts).
 */

import type { DocumentAudience } from '../../domain/documents/template.js';

/**
 * Who a paper is for. Marac papers go to the member agencies of the meeting; a conference part's paper
 * goes to those attending it, the person causing harm's part too; letters, plans and notices go to the
 * victim, a parent, the person causing harm, a school, the child or an interpreter.
 */
export type PaperAudience = DocumentAudience;

export type Block =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; headers: string[]; rows: string[][] };

export interface Paper {
  /** What kind of paper, for the record of copies ("marac-agenda"). */
  kind: string;
  title: string;
  /** A line under the title: the meeting, the date. */
  subtitle: string;
  audience: PaperAudience;
  /** Whose copy this is: their name goes in the footer of every page. */
  recipient: { name: string; agency: string | null };
  /** The handling line every page carries. */
  handling: string;
  blocks: Block[];
  /** Who it is from, as the top of a letter and its envelope show it (a neutral letter names the council alone). */
  sender?: string;
  /** The language it is written in (BCP 47: en, cy, pl); English when not said. */
  language?: string;
  /** Large type and short lines, for a child. */
  style?: 'standard' | 'large';
  /**
   * A photograph (a no-contact notice's): on the HTML print page by the address of the route that serves
   * it through the access decision, never its bytes; in the PDF, drawn from the bytes handed to renderPdf.
   */
  photo?: { src: string; alt: string; caption: string };
}

export const MARAC_HANDLING = 'Confidential to the Marac. For the named recipient’s agency only; do not pass on.';

/** "Copy for" and "Page 1 of 2" in the paper's language (English for any other). */
const PAGE_WORDS: Record<string, { copyFor: string; page: (n: number, of: number) => string }> = {
  en: { copyFor: 'Copy for', page: (n, of) => `Page ${n} of ${of}.` },
  cy: { copyFor: 'Copi i', page: (n, of) => `Tudalen ${n} o ${of}.` },
  pl: { copyFor: 'Kopia dla', page: (n, of) => `Strona ${n} z ${of}.` },
};

export function pageWordsOf(paper: Paper) {
  return PAGE_WORDS[paper.language ?? 'en'] ?? (PAGE_WORDS.en as (typeof PAGE_WORDS)[string]);
}

/** The footer of every page of a copy: whose copy it is, and how to handle it. */
export function footerOf(paper: Paper): string {
  return `${pageWordsOf(paper).copyFor} ${paper.recipient.name}${paper.recipient.agency ? `, ${paper.recipient.agency}` : ''}. ${paper.handling}`;
}

/** Every piece of text in a paper, in order: what the leak hunt reads, and what the PDF must hold. */
export function textOf(paper: Paper): string {
  const parts = [...(paper.sender ? [paper.sender] : []), paper.title, paper.subtitle];
  for (const b of paper.blocks) {
    if (b.kind === 'heading' || b.kind === 'paragraph') parts.push(b.text);
    else if (b.kind === 'list') parts.push(...b.items);
    else parts.push(b.caption, ...b.headers, ...b.rows.flat());
  }
  parts.push(footerOf(paper));
  return parts.join('\n');
}
