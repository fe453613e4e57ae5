import { describe, expect, it } from "vitest";
import { TermMap } from "../../../src/core/search/term-map.js";

describe("TermMap", () => {
  it("keeps, finds and lists every term as a Map would, the empty one included", () => {
    const terms = [
      "",
      "a",
      "ab",
      "russia",
      "northkorea",
      "kimjongun",
      ...Array.from({ length: 5000 }, (_, i) => `t${i}`),
    ];
    const m = new TermMap<number>();
    const reference = new Map<string, number>();
    terms.forEach((t, i) => {
      m.set(t, i);
      reference.set(t, i);
    });
    m.set("russia", -1);
    reference.set("russia", -1);
    expect(m.size).toBe(reference.size);
    for (const [t, v] of reference) {
      expect(m.has(t)).toBe(true);
      expect(m.get(t)).toBe(v);
    }
    expect(m.has("absent")).toBe(false);
    expect(m.get("absent")).toBeUndefined();
    expect(new Map([...m])).toEqual(reference);
  });

  it("fills from a list a slice at a time, leaving out the terms without a value", () => {
    const terms = Array.from({ length: 10_000 }, (_, i) => `w${i}`);
    const steps = TermMap.fillSteps(terms, (i) => (i % 3 === 0 ? undefined : i * 2), 500);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    const m = step.value;
    // Each term is looked at twice (its shard, then its value), 500 a step.
    expect(yields).toBeGreaterThanOrEqual((2 * terms.length) / 500);
    expect(m.size).toBe(terms.filter((_, i) => i % 3 !== 0).length);
    expect(m.get("w4")).toBe(8);
    expect(m.has("w3")).toBe(false);
  });
});
