// Warns two minutes before the idle timeout signs the user out, and lets them stay signed in.
// Without JavaScript the session still ends after the idle timeout and the sign-in page says why.
const dialog = document.getElementById('timeout-warning');
if (dialog && typeof dialog.showModal === 'function') {
  const idleMs = Number(dialog.dataset.idleMinutes) * 60_000;
  const warnMs = Math.max(idleMs - 120_000, idleMs / 2);
  const countdown = dialog.querySelector('[data-countdown]');
  let warnTimer;
  let endTimer;
  let tick;

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    clearInterval(tick);
    warnTimer = setTimeout(warn, warnMs);
    endTimer = setTimeout(() => window.location.assign(dialog.dataset.signOut), idleMs);
  };

  const warn = () => {
    const ends = Date.now() + (idleMs - warnMs);
    const update = () => {
      const seconds = Math.max(0, Math.round((ends - Date.now()) / 1000));
      const minutes = Math.floor(seconds / 60);
      countdown.textContent = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${seconds} seconds`;
    };
    update();
    tick = setInterval(update, 1000);
    dialog.showModal();
    dialog.querySelector('[data-stay]').focus();
  };

  dialog.querySelector('[data-stay]').addEventListener('click', async () => {
    const response = await fetch(dialog.dataset.keepAlive, {
      method: 'POST',
      headers: { 'x-csrf-token': dialog.dataset.csrf },
      credentials: 'same-origin',
    });
    if (!response.ok) {
      window.location.assign(dialog.dataset.signOut);
      return;
    }
    dialog.close();
    schedule();
  });
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  schedule();
}
