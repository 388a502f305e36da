import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../test/helpers/pdf-text.js';
import { footerOf, MARAC_HANDLING, textOf, type Paper } from './paper.js';
import { renderPdf } from './pdf.js';

const paper = (blocks: Paper['blocks']): Paper => ({
  kind: 'test',
  title: 'Marac agenda',
  subtitle: 'Eastwick Marac, Tuesday 8 December 2026, 10:00am',
  audience: 'marac-agency',
  recipient: { name: 'Priya Shah', agency: 'Eastwick Police' },
  handling: MARAC_HANDLING,
  blocks,
});

describe('a paper as a PDF', () => {
  it('is tagged, titled, with real text in reading order, and names whose copy it is on every page', async () => {
    const p = paper([
      { kind: 'heading', level: 2, text: 'Case 1: Marisol Ashdown' },
      { kind: 'paragraph', text: 'Referred on 1 December 2026 by children’s social care.' },
      { kind: 'list', items: ['Threats to kill', 'Stalking or harassment'] },
      { kind: 'table', caption: 'The people', headers: ['Name', 'Born'], rows: [['Marisol Ashdown', '12 April 1990']] },
      // Enough text for a second page.
      ...Array.from({ length: 40 }, (_, i) => ({ kind: 'paragraph' as const, text: `Line ${i + 1} of the information shared at the meeting, long enough to wrap across the width of the page.` })),
    ]);
    const read = await readPdf(await renderPdf(p));
    expect(read.tagged).toBe(true);
    expect(read.title).toBe('Marac agenda');
    expect(read.structure).toEqual(expect.arrayContaining(['Document', 'H1', 'H2', 'P', 'L', 'LI', 'Table', 'TR', 'TD']));
    expect(read.pages.length).toBeGreaterThan(1);
    const flat = read.text.replace(/\s+/g, ' ');
    for (const words of ['Case 1: Marisol Ashdown', 'Threats to kill', 'Born: 12 April 1990', 'Line 40 of the information shared']) expect(flat).toContain(words);
    expect(flat.indexOf('Case 1: Marisol Ashdown')).toBeLessThan(flat.indexOf('Threats to kill'));
    for (const [i, page] of read.pages.entries()) {
      expect(page.replace(/\s+/g, ' ')).toContain('Copy for Priya Shah, Eastwick Police.');
      expect(page.replace(/\s+/g, ' ')).toContain(`Page ${i + 1} of ${read.pages.length}`);
    }
  });

  it('holds the paper’s text and nothing else: the footer and every block', () => {
    const p = paper([{ kind: 'paragraph', text: 'One' }]);
    expect(textOf(p)).toBe(['Marac agenda', p.subtitle, 'One', footerOf(p)].join('\n'));
  });
});
