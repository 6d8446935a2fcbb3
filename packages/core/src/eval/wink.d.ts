// Minimal typings for the two wink packages the BM25 reference uses (they ship none).
declare module "wink-bm25-text-search" {
  interface BM25Engine {
    defineConfig(config: {
      fldWeights: Record<string, number>;
      bm25Params?: { k1?: number; b?: number; k?: number };
      ovFieldNames?: string[];
    }): boolean;
    definePrepTasks(tasks: ((input: unknown) => unknown)[], field?: string): number;
    addDoc(doc: Record<string, string>, id: string | number): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number, filter?: unknown, params?: unknown): [string, number][];
  }
  const bm25: () => BM25Engine;
  export default bm25;
}

declare module "wink-nlp-utils" {
  const nlp: {
    tokens: {
      removeWords(tokens: string[], stopWords?: unknown): string[];
      stem(tokens: string[]): string[];
    };
  };
  export default nlp;
}
