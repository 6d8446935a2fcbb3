import { describe, expect, it } from "vitest";
import { clusterQuestions, cosine, type ClusterItem } from "./cluster";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

function unit(vector: number[]): number[] {
  const length = Math.hypot(...vector);
  return vector.map((x) => x / length);
}

const item = (text: string, vector: number[], minute = 0): ClusterItem => ({ text, vector: unit(vector), askedAt: at(minute) });

describe("cosine", () => {
  it("is 1 for the same direction, 0 for orthogonal or zero vectors", () => {
    expect(cosine([1, 0], [3, 0])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 2])).toBe(0);
    expect(cosine([0, 0], [1, 0])).toBe(0);
  });
});

describe("clusterQuestions", () => {
  it("groups similar questions and keeps different ones apart, largest cluster first", () => {
    const clusters = clusterQuestions(
      [
        item("taxi receipts", [1, 0.1, 0], 1),
        item("parking fees", [0, 0, 1], 2),
        item("taxi expenses", [1, 0, 0], 3),
        item("taxi claims", [0.95, 0.15, 0], 4),
      ],
      0.9,
    );
    expect(clusters.map((c) => c.count)).toEqual([3, 1]);
    expect(clusters[0]!.members.map((m) => m.text)).toEqual(["taxi claims", "taxi expenses", "taxi receipts"]);
    expect(clusters[0]!.lastAskedAt).toEqual(at(4));
    expect(clusters[1]!.representative.text).toBe("parking fees");
  });

  it("picks the member nearest the centroid as the representative", () => {
    const [cluster] = clusterQuestions([item("left", [1, 0.3], 1), item("middle", [1, 0], 2), item("right", [1, -0.3], 3)], 0.9);
    expect(cluster!.count).toBe(3);
    expect(cluster!.representative.text).toBe("middle");
  });

  it("puts identical texts together whatever their vectors, ignoring case and spacing", () => {
    const clusters = clusterQuestions([item("Where is  the VPN?", [1, 0], 1), item("where is the vpn?", [0, 1], 2)], 0.99);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.count).toBe(2);
  });

  it("orders equal-sized clusters by the most recent question", () => {
    const clusters = clusterQuestions([item("old", [1, 0], 1), item("new", [0, 1], 9)], 0.9);
    expect(clusters.map((c) => c.representative.text)).toEqual(["new", "old"]);
  });

  it("joins the most similar cluster when several pass the threshold", () => {
    const apart = clusterQuestions([item("a", [1, 0], 1), item("b", [0, 1], 2), item("c", [0.3, 1], 3)], 0.25);
    expect(
      apart
        .find((c) => c.count === 2)!
        .members.map((m) => m.text)
        .sort(),
    ).toEqual(["b", "c"]);
  });

  it("returns nothing for nothing", () => {
    expect(clusterQuestions([])).toEqual([]);
  });
});
