// A queue: stacked messages, drawn like the line icons in ui/icons.tsx (16px grid, current colour).
export const QueueIcon = ({ size = 16 }: { size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <rect x="2.5" y="3" width="11" height="3" rx="1" />
    <rect x="2.5" y="7.5" width="11" height="3" rx="1" />
    <path d="M4.5 13h7" />
  </svg>
);
