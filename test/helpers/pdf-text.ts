import { createHash } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** What a PDF holds as a reader sees it: its text per page, whether it is tagged, its title and language. */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: string[]; text: string; tagged: boolean; title: string | null; language: string | null; structure: string[] }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  const structure: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : '')).join(''));
    const tree = await page.getStructTree();
    const walk = (node: { role?: string; children?: unknown[] } | null) => {
      if (!node) return;
      if (node.role) structure.push(node.role);
      for (const child of node.children ?? []) walk(child as { role?: string; children?: unknown[] });
    };
    walk(tree as unknown as { role?: string; children?: unknown[] });
  }
  const mark = await pdf.getMarkInfo();
  const meta = await pdf.getMetadata();
  const info = meta.info as { Title?: string; Language?: string };
  const catalogLang = await pdf.getMetadata().then(() => null);
  await pdf.destroy();
  return { pages, text: pages.join('\n'), tagged: Boolean(mark?.Marked), title: info.Title ?? null, language: info.Language ?? catalogLang, structure };
}

const texts = new Map<string, Promise<string>>();

/**
 * The text of a PDF, read once per distinct file: the leak hunts fetch the same kept document as every
 * role, and the same bytes always hold the same text.
 */
export function pdfText(bytes: Uint8Array): Promise<string> {
  const key = createHash('sha256').update(bytes).digest('hex');
  let text = texts.get(key);
  if (!text) {
    text = readPdf(bytes).then((r) => r.text);
    texts.set(key, text);
  }
  return text;
}
