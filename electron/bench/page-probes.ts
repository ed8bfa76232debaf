// Probes the UI benchmark installs in the page before the app loads (plain JS: it runs in
// Chromium). Everything is timed on the page's own clock, from the user's input or click event
// to what the screen shows, so Playwright's round trips do not count.
//   __bench.longTasks            durations (ms) of main-thread tasks over 50 ms (Long Tasks API)
//   __bench.watchCount()         records each change of the "Matching entries" text from now on
//   __bench.countSettled(quiet)  true once the text has not changed for `quiet` ms
//   __bench.settleResult()       { ms: last change − input event, text, changes }
//   __bench.watchNewest()        from the next click, waits for the log's last row to be on screen
//   __bench.isNewestVisible()    whether the log's last row is on screen now
export const PAGE_PROBES = `(() => {
  const bench = { longTasks: [], changes: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  window.addEventListener('input', () => { bench.actionAt ??= performance.now(); }, true);
  window.addEventListener('click', () => { bench.actionAt ??= performance.now(); }, true);

  const countElement = () => document.querySelector('[aria-label="Matching entries"]');
  bench.countText = () => countElement()?.textContent ?? '';
  bench.watchCount = () => {
    const element = countElement();
    if (!element) throw new Error('No element labelled "Matching entries"');
    bench.changes = [];
    bench.actionAt = undefined;
    bench.countObserver?.disconnect();
    bench.countObserver = new MutationObserver(() => bench.changes.push({ at: performance.now(), text: element.textContent }));
    bench.countObserver.observe(element, { subtree: true, childList: true, characterData: true });
  };
  bench.countSettled = (quietMs) => bench.changes.length > 0 && performance.now() - bench.changes[bench.changes.length - 1].at >= quietMs;
  bench.settleResult = () => {
    const last = bench.changes[bench.changes.length - 1];
    return { ms: last.at - bench.actionAt, text: last.text, changes: bench.changes.length };
  };

  const table = () => document.querySelector('[role=table][aria-label="Traffic log"], [role=grid][aria-label="Traffic log"]');
  bench.isNewestVisible = () => {
    const log = table();
    if (!log) return false;
    const last = log.getAttribute('aria-rowcount');
    const row = log.querySelector('[role=row][aria-rowindex="' + last + '"]');
    if (!row) return false;
    const box = row.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + Math.min(20, box.width / 2), box.top + box.height / 2);
    return Boolean(hit && row.contains(hit));
  };
  bench.watchNewest = () => {
    bench.actionAt = undefined;
    bench.newestVisibleAt = undefined;
    const frame = () => {
      if (bench.actionAt !== undefined && bench.isNewestVisible()) bench.newestVisibleAt = performance.now();
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  };
})();`;
