// What went wrong in a view, under its header: a warning icon and the message, announced as an
// alert. Extra content (a Dismiss button) follows the message.
import type { ReactNode } from 'react';
import { WarningIcon } from './icons';

export function ViewError({ message, className, children }: { message: ReactNode; className?: string; children?: ReactNode }) {
  return (
    <p className={className ? `view__error ${className}` : 'view__error'} role="alert">
      <WarningIcon />
      <span>{message}</span>
      {children}
    </p>
  );
}
