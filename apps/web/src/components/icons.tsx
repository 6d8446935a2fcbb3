// Every icon of the employee app, drawn inline (no icon library: the chat route's JavaScript stays lean; no font
// glyphs: a fresh Linux machine's fonts lack some). All decorative: the buttons and links carry the names.

// 16 px on a 24 grid: the chat's controls.
const control = {
  width: 16,
  height: 16,
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  "aria-hidden": true,
} as const;

export function ThumbIcon({ up, filled }: { up: boolean; filled: boolean }) {
  return (
    <svg {...control} fill={filled ? "currentColor" : "none"} className={up ? undefined : "rotate-180"}>
      <path d="M7 10v11H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h3zm0 0 4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.3 8A2 2 0 0 1 18.2 21H7" />
    </svg>
  );
}

export function CopyIcon() {
  return (
    <svg {...control}>
      <rect x="9" y="9" width="12" height="12" rx="2" />
      <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg {...control}>
      <path d="m5 12 5 5L20 7" />
    </svg>
  );
}

export function RetryIcon() {
  return (
    <svg {...control}>
      <path d="M3 12a9 9 0 0 1 15.5-6.3L21 8M21 3v5h-5M21 12a9 9 0 0 1-15.5 6.3L3 16M3 21v-5h5" />
    </svg>
  );
}

export function EditIcon() {
  return (
    <svg {...control}>
      <path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z" />
    </svg>
  );
}

export function SendIcon() {
  return (
    <svg {...control}>
      <path d="M12 19V5M5 12l7-7 7 7" />
    </svg>
  );
}

export function StopIcon() {
  return (
    <svg {...control} fill="currentColor" stroke="none">
      <rect x="6" y="6" width="12" height="12" rx="2" />
    </svg>
  );
}

// 16 px on a 20 grid: the conversation list's actions.
const small = {
  viewBox: "0 0 20 20",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.6,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  "aria-hidden": true,
  focusable: false,
  className: "size-4",
} as const;

export function PencilIcon() {
  return (
    <svg {...small}>
      <path d="M13.5 3.5l3 3L7 16H4v-3z" />
      <path d="M11.5 5.5l3 3" />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg {...small}>
      <path d="M3.5 5.5h13M8 5.5V4h4v1.5M5.5 5.5l.8 10.5h7.4l.8-10.5M8.5 8.5v5M11.5 8.5v5" />
    </svg>
  );
}

export function SearchIcon() {
  return (
    <svg {...small}>
      <circle cx="9" cy="9" r="5.5" />
      <path d="M13 13l4 4" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...small}>
      <path d="M5 5l10 10M15 5L5 15" />
    </svg>
  );
}

// The shell's.
const shell = {
  viewBox: "0 0 20 20",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.8,
  strokeLinecap: "round",
  "aria-hidden": true,
  focusable: false,
} as const;

export function PlusIcon() {
  return (
    <svg {...shell} className="size-4">
      <path d="M10 4v12M4 10h12" />
    </svg>
  );
}

export function MenuIcon() {
  return (
    <svg {...shell} className="size-5">
      <path d="M3.5 5.5h13M3.5 10h13M3.5 14.5h13" />
    </svg>
  );
}
