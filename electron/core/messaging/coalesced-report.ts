// Busy things (a listener on a fast topic, a mock under load) change their counts on every
// message; the UI needs the number to move, not one event per message. A coalesced report runs
// at most once per interval, after the first change since the last one.

/** How often listeners and mocks report their counts while messages keep coming. */
export const REPORT_INTERVAL_MS = 250;

export type CoalescedReport = {
  /** A change happened: report it within the interval (once, however many changes come). */
  schedule(): void;
  /** The state was just reported some other way (or the thing stopped): drop the pending report. */
  cancel(): void;
};

export function coalescedReport(report: () => void, intervalMs = REPORT_INTERVAL_MS): CoalescedReport {
  let timer: NodeJS.Timeout | undefined;
  return {
    schedule() {
      timer ??= setTimeout(() => {
        timer = undefined;
        report();
      }, intervalMs);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
