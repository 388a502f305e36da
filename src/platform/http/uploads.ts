/**
 * The pages that take a file in a multipart form. The multipart parser is registered once for the whole
 * app; each feature names here the pages of its own that take a file, and any other page refuses a file
 * unread (415).
 */
const FILE_PAGES = new Set<string>();

/** Lets the page at this route pattern take a file. */
export function takesFiles(url: string): void {
  FILE_PAGES.add(url);
}

/** Whether the page at this route pattern takes a file. */
export function acceptsFiles(url: string | undefined): boolean {
  return url !== undefined && FILE_PAGES.has(url);
}
