// A clock turning back, drawn like renderer/ui/icons.tsx (16px grid, current colour). Decorative.
export const HistoryIcon = ({ size = 16 }: { size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <path d="M2.8 8a5.2 5.2 0 1 0 1.5-3.7" />
    <path d="M2.5 2.8v2.6h2.6" />
    <path d="M8 5.3V8l1.9 1.3" />
  </svg>
);
