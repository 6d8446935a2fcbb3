"use client";

import { useId, useState, type ReactNode } from "react";

import { buttonClassName } from "./button";
import { cn } from "./lib/cn";

/** A file chosen by the admin with its path inside a chosen or dropped folder (`pages/hr/leave.html`), or its name. */
export type PickedFile = { file: File; path: string };

export type DropZoneProps = {
  onFiles: (files: PickedFile[]) => void;
  /** The zone's heading and help text. */
  title?: ReactNode;
  hint?: ReactNode;
  disabled?: boolean;
  /** `accept` of the file picker (the folder picker takes everything). */
  accept?: string;
  className?: string;
  "data-testid"?: string;
};

/**
 * Files and folders by drag and drop or by picker. A dropped folder is walked (DataTransferItem.webkitGetAsEntry),
 * a picked one comes from `<input webkitdirectory>`; either way each file keeps its path inside the folder.
 */
export function DropZone({ onFiles, title = "Drop files or a folder here", hint, disabled, accept, className, ...props }: DropZoneProps) {
  const filesId = useId();
  const folderId = useId();
  const [over, setOver] = useState(false);

  const take = (list: FileList | null) => {
    if (!list || list.length === 0) return;
    onFiles([...list].map((file) => ({ file, path: file.webkitRelativePath || file.name })));
  };

  return (
    <div
      className={cn(
        "flex flex-col items-center gap-3 rounded-xl border-2 border-dashed px-6 py-10 text-center",
        over ? "border-accent bg-accent-soft" : "border-border-strong bg-surface",
        disabled && "opacity-60",
        className,
      )}
      onDragOver={(event) => {
        if (disabled) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (disabled) return;
        void droppedFiles(event.dataTransfer).then((files) => {
          if (files.length > 0) onFiles(files);
        });
      }}
      data-testid={props["data-testid"]}
    >
      <p className="text-base font-medium text-fg">{title}</p>
      {hint ? <p className="text-sm text-muted">{hint}</p> : null}
      <div className="flex flex-wrap justify-center gap-2">
        <label
          htmlFor={filesId}
          className={cn(buttonClassName({ variant: "secondary" }), "cursor-pointer focus-within:ring-2 focus-within:ring-ring")}
        >
          Choose files
          <input
            id={filesId}
            type="file"
            multiple
            accept={accept}
            disabled={disabled}
            className="sr-only"
            onChange={(event) => {
              take(event.currentTarget.files);
              event.currentTarget.value = "";
            }}
            data-testid="drop-zone-files"
          />
        </label>
        <label
          htmlFor={folderId}
          className={cn(buttonClassName({ variant: "secondary" }), "cursor-pointer focus-within:ring-2 focus-within:ring-ring")}
        >
          Choose a folder
          <input
            id={folderId}
            ref={(node) => {
              // React does not know these attributes; set them on the element itself.
              node?.setAttribute("webkitdirectory", "");
              node?.setAttribute("directory", "");
            }}
            type="file"
            multiple
            disabled={disabled}
            className="sr-only"
            onChange={(event) => {
              take(event.currentTarget.files);
              event.currentTarget.value = "";
            }}
            data-testid="drop-zone-folder"
          />
        </label>
      </div>
    </div>
  );
}

/** Every file of a drop, folders walked recursively, each with its path inside what was dropped. */
export async function droppedFiles(data: DataTransfer): Promise<PickedFile[]> {
  const entries = [...data.items]
    .filter((item) => item.kind === "file")
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => entry != null);
  // No entries API: the plain files (folders cannot be read then).
  if (entries.length === 0) return [...data.files].map((file) => ({ file, path: file.name }));
  const files: PickedFile[] = [];
  for (const entry of entries) await walk(entry, "", files);
  return files;
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = `${prefix}${entry.name}`;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns a folder's entries a batch at a time, and an empty batch at the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) await walk(child, `${path}/`, out);
}
