/**
 * One upload request with XMLHttpRequest, for its `upload.onprogress` (fetch reports no upload progress, and the
 * route refuses a streamed body: it needs a Content-Length). The form sends groups and tags before the files, as
 * the route requires, and each file under its path inside the chosen folder.
 */
export type UploadReply = { jobId: string };

export class UploadRequestError extends Error {
  override readonly name = "UploadRequestError";
}

export function sendBatch(
  files: readonly { file: File; path: string }[],
  fields: { groups: string[]; tags: string[] },
  onProgress: (loaded: number, total: number) => void,
): { done: Promise<UploadReply>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const form = new FormData();
  form.append("groups", JSON.stringify(fields.groups));
  form.append("tags", JSON.stringify(fields.tags));
  for (const { file, path } of files) form.append("files", file, path);
  const done = new Promise<UploadReply>((resolve, reject) => {
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      const reply = body as { jobId?: string; error?: { message?: string } } | null;
      if (xhr.status === 200 && reply?.jobId) resolve({ jobId: reply.jobId });
      else reject(new UploadRequestError(reply?.error?.message ?? `The upload was refused (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new UploadRequestError("The upload did not reach Lore. Check your connection and try again."));
    xhr.onabort = () => reject(new UploadRequestError("The upload was stopped."));
  });
  xhr.open("POST", "/api/uploads");
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}
