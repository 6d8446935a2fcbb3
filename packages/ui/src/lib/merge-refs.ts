import type { Ref, RefCallback } from "react";

/** One callback ref that sets every ref given: a component's own and the caller's `ref` prop. */
export function mergeRefs<T>(...refs: (Ref<T> | undefined)[]): RefCallback<T> {
  return (node) => {
    for (const ref of refs) {
      if (typeof ref === "function") ref(node);
      else if (ref) ref.current = node;
    }
  };
}
