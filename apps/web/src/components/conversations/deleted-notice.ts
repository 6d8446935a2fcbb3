/**
 * The "Conversation deleted — Undo" notice, shared by both copies of the list (the sidebar and the phone drawer),
 * so that whichever is on screen shows it. Only the latest deletion is offered for undo.
 */
export interface DeletedNotice {
  id: string;
  title: string;
  /** The conversation was open when deleted: undoing it opens it again. */
  wasOpen: boolean;
}

/** How long the notice stays, unless hovered or focused (which holds it). */
export const NOTICE_MS = 7000;

let current: DeletedNotice | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => deletedNotice.hide(), NOTICE_MS);
}

export const deletedNotice = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  get: (): DeletedNotice | null => current,
  getServer: (): DeletedNotice | null => null,
  show(notice: DeletedNotice) {
    current = notice;
    schedule();
    emit();
  },
  /** Hides the notice (only if it is still about `id`, when given). */
  hide(id?: string) {
    if (id !== undefined && current?.id !== id) return;
    clearTimeout(timer);
    current = null;
    emit();
  },
  /** Keeps the notice while the person points at it or has focus in it. */
  hold: () => clearTimeout(timer),
  release: () => {
    if (current) schedule();
  },
};
