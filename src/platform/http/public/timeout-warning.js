// Warns two minutes before the idle timeout signs the user out, and lets them stay signed in.
// Without JavaScript the session still ends after the idle timeout and the sign-in page says why.
const dialog = document.getElementById('timeout-warning');
if (dialog && typeof dialog.showModal === 'function') {
  const idleMs = Number(dialog.dataset.idleMinutes) * 60_000;
  // The server says how long this session has left: it may have been idle a little already.
  const firstRemainingMs = Math.min(Number(dialog.dataset.remainingMs) || idleMs, idleMs);
  const countdown = dialog.querySelector('[data-countdown]');
  let warnTimer;
  let endTimer;
  let tick;

  let ends = 0;
  const schedule = (remainingMs) => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    clearInterval(tick);
    ends = Date.now() + remainingMs;
    warnTimer = setTimeout(warn, Math.max(remainingMs - 120_000, remainingMs / 2));
    endTimer = setTimeout(() => window.location.assign(dialog.dataset.signOut), remainingMs);
  };

  const warn = () => {
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
    // Only 204 means the session was extended; an ended session is redirected to sign-in instead.
    if (response.status !== 204) {
      window.location.assign(dialog.dataset.signOut);
      return;
    }
    dialog.close();
    schedule(idleMs);
  });
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  schedule(firstRemainingMs);
}
