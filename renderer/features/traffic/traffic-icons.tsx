// The Traffic view's own line icons, drawn like renderer/ui/icons.tsx (16px grid, current colour).
// Decorative: the control that holds one carries the accessible name.
import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Icon({ size = 16, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
      {children}
    </svg>
  );
}

export const PauseIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M6 4v8M10 4v8" />
  </Icon>
);

export const PlayIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M5.5 3.8v8.4L12 8z" />
  </Icon>
);

export const ChartIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M3 13h10M4.5 10.5V8M7 10.5V4.5M9.5 10.5V6.5M12 10.5V3" />
  </Icon>
);

export const DownloadIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M8 2.5v7.5M5 7l3 3 3-3M3 12.5h10" />
  </Icon>
);

export const OpenFileIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M2.5 12.5v-8A1.5 1.5 0 0 1 4 3h2.5l1.5 1.5h4A1.5 1.5 0 0 1 13.5 6v.5M2.5 12.5l1.8-4.6A1 1 0 0 1 5.2 7.3h8.6a.6.6 0 0 1 .6.8L13 12a1 1 0 0 1-1 .6H2.5z" />
  </Icon>
);

export const ListIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
  </Icon>
);
