/** The square icon buttons under an answer (copy, regenerate, edit, thumbs). */
export const iconButton =
  "inline-flex size-8 items-center justify-center rounded-md text-muted transition-colors hover:bg-surface-muted hover:text-fg " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-50 " +
  "aria-pressed:text-accent";
