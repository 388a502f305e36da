// Keeps an import's progress up to date without reloading the page: every 2 seconds it fetches the
// same page and swaps in the new job section. Without JavaScript the page has a "Check progress" link.
const section = () => document.querySelector('[data-import-job]');

async function refresh() {
  const response = await fetch(window.location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
  if (!response.ok) return false;
  const next = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-import-job]');
  const current = section();
  if (!next || !current) return false;
  const label = current.querySelector('label[for="import-progress"]');
  const nextLabel = next.querySelector('label[for="import-progress"]');
  const progress = current.querySelector('#import-progress');
  const nextProgress = next.querySelector('#import-progress');
  if (next.hasAttribute('data-import-running') && label && nextLabel && progress && nextProgress) {
    // Only the numbers change while it runs, so the focus and the reading position stay where they were.
    label.textContent = nextLabel.textContent;
    progress.setAttribute('value', nextProgress.getAttribute('value') ?? '0');
    progress.setAttribute('max', nextProgress.getAttribute('max') ?? '1');
    progress.textContent = nextProgress.textContent;
    return true;
  }
  // Finished: show the summary and the report of rows not imported.
  window.location.reload();
  return false;
}

function schedule() {
  window.setTimeout(async () => {
    try {
      if (await refresh()) schedule();
    } catch {
      // A dropped connection: keep the "Check progress" link for a manual look.
    }
  }, 2000);
}

if (section()?.hasAttribute('data-import-running')) schedule();
