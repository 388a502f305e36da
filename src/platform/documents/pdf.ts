import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { footerOf, pageWordsOf, type Block, type Paper } from './paper.js';

const MARGIN = 56;
const FOOTER_SPACE = 40;

// DejaVu Sans, embedded (subset) in every PDF: the standard PDF fonts cannot write Welsh (ŵ, ŷ) or
// Polish (ł, ś, ż), and a letter must be in the reader's language.
const fonts = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = join(fonts, 'DejaVuSans.ttf');
const BOLD = join(fonts, 'DejaVuSans-Bold.ttf');

/** The sizes of the text: a child's plan is in large type. */
function sizesOf(paper: Paper) {
  return paper.style === 'large' ? { title: 26, subtitle: 16, h2: 20, h3: 17, body: 16, table: 14 } : { title: 20, subtitle: 12, h2: 15, h3: 12, body: 11, table: 10 };
}
type Sizes = ReturnType<typeof sizesOf>;

/**
 * A paper as a tagged PDF (PDF/UA-style structure: document, headings, paragraphs, lists), with real
 * text, its title shown as the window title, its language, and on every page a footer naming whose
 * copy it is. The PDF is a stream: the server can send it as it is written (streamPdf), and a copy to
 * be kept is gathered into one buffer to hash (renderPdf).
 */
export function streamPdf(paper: Paper, photo?: Buffer): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE }, tagged: true, lang: languageTag(paper.language), displayTitle: true, bufferPages: true, pdfVersion: '1.7', info: { Title: paper.title, Author: 'Wraparound', Subject: paper.subtitle } });
  doc.registerFont('Body', REGULAR);
  doc.registerFont('Bold', BOLD);
  const sizes = sizesOf(paper);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const text = (tag: string, value: string, font: string, size: number, gap = 0.4) => {
    root.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).text(value, { width: doc.page.width - 2 * MARGIN, lineGap: paper.style === 'large' ? 4 : 0 });
      }),
    );
    doc.moveDown(gap);
  };
  if (paper.sender) text('P', paper.sender, 'Body', sizes.subtitle, 0.8);
  text('H1', paper.title, 'Bold', sizes.title);
  text('P', paper.subtitle, 'Body', sizes.subtitle, 0.8);
  // The photograph (a JPEG or PNG the notices feature checked), with its words as the figure's alternative text.
  if (paper.photo && photo) {
    const { alt, caption } = paper.photo;
    root.add(doc.struct('Figure', { alt }, () => void doc.image(photo, { fit: [180, 240] })));
    text('Caption', caption, 'Body', sizes.table, 0.8);
  }
  for (const block of paper.blocks) writeBlock(doc, root, block, text, sizes);
  root.end();
  // Every page's footer, outside the structure (an artifact): whose copy, and how to handle it.
  const footer = footerOf(paper);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: the footer sits in the margin.
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('Body').fontSize(8).text(`${footer} ${pageWordsOf(paper).page(i + 1, range.count)}`, MARGIN, doc.page.height - MARGIN - FOOTER_SPACE + 12, { width: doc.page.width - 2 * MARGIN, lineBreak: true });
    doc.endMarkedContent();
  }
  doc.end();
  return doc;
}

/** A paper's PDF gathered into one buffer: for a copy that is kept and hashed. */
export function renderPdf(paper: Paper, photo?: Buffer): Promise<Buffer> {
  const doc = streamPdf(paper, photo);
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function languageTag(language: string | undefined): string {
  return !language || language === 'en' ? 'en-GB' : language;
}

type TextWriter = (tag: string, value: string, font: string, size: number, gap?: number) => void;

function writeBlock(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, block: Block, text: TextWriter, sizes: Sizes): void {
  switch (block.kind) {
    case 'heading':
      text(block.level === 2 ? 'H2' : 'H3', block.text, 'Bold', block.level === 2 ? sizes.h2 : sizes.h3, 0.3);
      return;
    case 'paragraph':
      text('P', block.text, 'Body', sizes.body);
      return;
    case 'list': {
      const list = doc.struct('L');
      root.add(list);
      for (const item of block.items) {
        list.add(
          doc.struct('LI', {}, () => {
            doc.font('Body').fontSize(sizes.body).text(`•  ${item}`, { width: doc.page.width - 2 * MARGIN, indent: 0 });
          }),
        );
      }
      list.end();
      doc.moveDown(0.4);
      return;
    }
    case 'table': {
      // A table as rows of labelled lines: readable in order by a screen reader and when extracted.
      text('Caption', block.caption, 'Bold', sizes.body, 0.2);
      const table = doc.struct('Table');
      root.add(table);
      for (const row of block.rows) {
        const tr = doc.struct('TR');
        table.add(tr);
        row.forEach((cell, i) => {
          tr.add(
            doc.struct('TD', {}, () => {
              doc.font(i === 0 ? 'Bold' : 'Body').fontSize(sizes.table).text(i === 0 ? cell : `${block.headers[i]}: ${cell}`, { width: doc.page.width - 2 * MARGIN });
            }),
          );
        });
        tr.end();
        doc.moveDown(0.4);
      }
      table.end();
      return;
    }
  }
}
