/**
 * Greedy clustering of questions by cosine similarity, for the knowledge gaps: each question joins the existing
 * cluster whose centroid it is most similar to, if that similarity reaches the threshold, and otherwise starts
 * a cluster of its own (single-pass "leader" clustering with running centroids). Pure and deterministic: the
 * same input in the same order gives the same clusters. Quadratic in the worst case, which is why callers bound
 * the number of questions.
 */

/** Default similarity a question needs to join a cluster. */
export const DEFAULT_CLUSTER_SIMILARITY = 0.7;

export interface ClusterItem {
  text: string;
  /** Unit-length vector (embedders promise L2-normalised vectors; a zero vector joins nothing). */
  vector: readonly number[];
  askedAt: Date;
}

export interface QuestionCluster<T extends ClusterItem = ClusterItem> {
  /** The member closest to the cluster's centroid: the question that best stands for the others. */
  representative: T;
  /** Every member, newest first. */
  members: T[];
  count: number;
  lastAskedAt: Date;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < a.length; i += 1) total += a[i]! * (b[i] ?? 0);
  return total;
}

function norm(vector: readonly number[]): number {
  return Math.sqrt(dot(vector, vector));
}

/** Cosine similarity; 0 when either vector is zero. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  const length = norm(a) * norm(b);
  return length === 0 ? 0 : dot(a, b) / length;
}

interface Building<T> {
  members: T[];
  /** Sum of the members' vectors: its direction is the centroid's. */
  sum: number[];
}

/**
 * Groups `items` (see the file comment). Clusters come largest first, then most recently asked; members and
 * ties keep a stable order. Identical texts (ignoring case and spacing) always share a cluster.
 */
export function clusterQuestions<T extends ClusterItem>(items: readonly T[], threshold = DEFAULT_CLUSTER_SIMILARITY): QuestionCluster<T>[] {
  const clusters: Building<T>[] = [];
  const byText = new Map<string, Building<T>>();
  for (const item of items) {
    const key = item.text.trim().replace(/\s+/g, " ").toLowerCase();
    let home = byText.get(key);
    if (!home) {
      let best = -Infinity;
      for (const cluster of clusters) {
        const similarity = cosine(item.vector, cluster.sum);
        if (similarity >= threshold && similarity > best) {
          best = similarity;
          home = cluster;
        }
      }
    }
    if (!home) {
      home = { members: [], sum: new Array<number>(item.vector.length).fill(0) };
      clusters.push(home);
    }
    home.members.push(item);
    for (let i = 0; i < item.vector.length; i += 1) home.sum[i] = (home.sum[i] ?? 0) + item.vector[i]!;
    byText.set(key, home);
  }
  return clusters.map((cluster) => finish(cluster)).sort((a, b) => b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime());
}

function finish<T extends ClusterItem>(cluster: Building<T>): QuestionCluster<T> {
  const members = [...cluster.members].sort((a, b) => b.askedAt.getTime() - a.askedAt.getTime());
  let representative = members[0]!;
  let best = -Infinity;
  for (const member of members) {
    const similarity = cosine(member.vector, cluster.sum);
    if (similarity > best + 1e-12) {
      best = similarity;
      representative = member;
    }
  }
  return { representative, members, count: members.length, lastAskedAt: members[0]!.askedAt };
}
