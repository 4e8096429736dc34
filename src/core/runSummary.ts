/** The one line a finished run ends with, in the panel's status and the notification. Pure text. */

export function runSummary(saved: number, cancelled: number, failed: number, wholeRunCancelled: boolean): string {
  const savedText = saved === 1 ? '1 saved' : `${saved} saved`;
  if (wholeRunCancelled) return saved ? `Cancelled. ${savedText}.` : 'Cancelled.';
  if (!failed && !cancelled) return saved === 1 ? 'Saved.' : `Saved ${saved} images.`;
  if (!failed) return `${savedText}, ${cancelled} cancelled.`;
  return `${savedText}, ${failed} failed.`;
}
