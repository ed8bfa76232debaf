// A saga in the collection tree and its view: three steps joined in a line with a way back (the
// compensations), distinct from a request's transport tag.
export function SagaIcon({ size = 14, className }: { size?: number; className?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.4} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" className={className}>
      <circle cx="3" cy="5" r="1.6" />
      <circle cx="8" cy="5" r="1.6" />
      <circle cx="13" cy="5" r="1.6" />
      <path d="M4.6 5h1.8M9.6 5h1.8" />
      <path d="M13 7.2v2.3a2 2 0 0 1-2 2H4.5" />
      <path d="M6.3 9.7 4.5 11.5l1.8 1.8" />
    </svg>
  );
}
