import PDFDocument from 'pdfkit';
import { footerOf, type Block, type Paper } from './paper.js';

const MARGIN = 56;
const FOOTER_SPACE = 40;

/**
 * A paper as a tagged PDF (PDF/UA-style structure: document, headings, paragraphs, lists), with real
 * text, its title shown as the window title, English as its language, and on every page a footer naming
 * whose copy it is. Built in memory: papers are a few pages.
 */
export function renderPdf(paper: Paper): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE }, tagged: true, lang: 'en-GB', displayTitle: true, bufferPages: true, pdfVersion: '1.7', info: { Title: paper.title, Author: 'Wraparound', Subject: paper.subtitle } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const text = (tag: string, value: string, font: string, size: number, gap = 0.4) => {
    root.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).text(value, { width: doc.page.width - 2 * MARGIN });
      }),
    );
    doc.moveDown(gap);
  };
  text('H1', paper.title, 'Helvetica-Bold', 20);
  text('P', paper.subtitle, 'Helvetica', 12, 0.8);
  for (const block of paper.blocks) writeBlock(doc, root, block, text);
  root.end();
  // Every page's footer, outside the structure (an artifact): whose copy, and how to handle it.
  const footer = footerOf(paper);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: the footer sits in the margin.
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('Helvetica').fontSize(8).text(`${footer} Page ${i + 1} of ${range.count}.`, MARGIN, doc.page.height - MARGIN - FOOTER_SPACE + 12, { width: doc.page.width - 2 * MARGIN, lineBreak: true });
    doc.endMarkedContent();
  }
  doc.end();
  return done;
}

type TextWriter = (tag: string, value: string, font: string, size: number, gap?: number) => void;

function writeBlock(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, block: Block, text: TextWriter): void {
  switch (block.kind) {
    case 'heading':
      text(block.level === 2 ? 'H2' : 'H3', block.text, 'Helvetica-Bold', block.level === 2 ? 15 : 12, 0.3);
      return;
    case 'paragraph':
      text('P', block.text, 'Helvetica', 11);
      return;
    case 'list': {
      const list = doc.struct('L');
      root.add(list);
      for (const item of block.items) {
        list.add(
          doc.struct('LI', {}, () => {
            doc.font('Helvetica').fontSize(11).text(`•  ${item}`, { width: doc.page.width - 2 * MARGIN, indent: 0 });
          }),
        );
      }
      list.end();
      doc.moveDown(0.4);
      return;
    }
    case 'table': {
      // A table as rows of labelled lines: readable in order by a screen reader and when extracted.
      text('Caption', block.caption, 'Helvetica-Bold', 11, 0.2);
      const table = doc.struct('Table');
      root.add(table);
      for (const row of block.rows) {
        const tr = doc.struct('TR');
        table.add(tr);
        row.forEach((cell, i) => {
          tr.add(
            doc.struct('TD', {}, () => {
              doc.font(i === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(10).text(i === 0 ? cell : `${block.headers[i]}: ${cell}`, { width: doc.page.width - 2 * MARGIN });
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
