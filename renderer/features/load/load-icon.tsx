// A gauge: the Load panel's mark, drawn like the other line icons (renderer/ui/icons.tsx).
// Decorative: the control that holds it carries the accessible name.
export const LoadIcon = ({ size = 16 }: { size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <path d="M2.5 11.5a5.5 5.5 0 1 1 11 0" />
    <path d="M8 11.5l3-4" />
    <circle cx="8" cy="11.5" r="0.75" fill="currentColor" />
  </svg>
);
