import type { QuasiIdentifier } from './quasi-identifiers';

const SEPARATOR = '\u001f';

/**
 * What the first pass decided about records that would fall below k: which quasi-identifier
 * values are rare (held by fewer than k patients; dropped from the output when the strategy is
 * `generalise-then-suppress`) and which patients are still in classes smaller than k (left
 * out of the extract with all their resources).
 */
export interface SuppressionPlan {
  /** Per quasi-identifier (in policy order), the rare values to drop. */
  readonly rareValues: readonly ReadonlySet<string>[];
  /** Pseudonymous patient ids to leave out. */
  readonly suppressedPatients: ReadonlySet<string>;
  /** Rare values dropped, by quasi-identifier name (counts of values, not patients). */
  readonly rareValueCounts: Readonly<Record<string, number>>;
}

interface ClassEntry {
  count: number;
  /** Members, kept only while the class is smaller than k (then it can never be suppressed). */
  members: string[] | undefined;
  readonly values: readonly string[];
}

/**
 * Collects, over the first pass, the equivalence classes of the generalised Patients (a count
 * per class, and the members of classes still smaller than k) and how often each
 * quasi-identifier value occurs; then plans suppression. Memory: one entry per class and per
 * distinct value, plus at most k-1 member ids per class.
 */
export class SuppressionPlanner {
  private readonly classes = new Map<string, ClassEntry>();
  private readonly valueCounts: Map<string, number>[];

  constructor(
    private readonly qis: readonly QuasiIdentifier[],
    private readonly k: number,
    private readonly strategy: 'generalise-then-suppress' | 'suppress',
  ) {
    this.valueCounts = qis.map(() => new Map<string, number>());
  }

  /** Counts one patient (its pseudonymous id and quasi-identifier values, in policy order). */
  add(patientId: string, values: readonly string[]): void {
    const key = values.join(SEPARATOR);
    let entry = this.classes.get(key);
    if (entry === undefined) {
      entry = { count: 0, members: [], values: [...values] };
      this.classes.set(key, entry);
    }
    entry.count += 1;
    if (entry.members !== undefined) {
      if (entry.count >= this.k) entry.members = undefined;
      else entry.members.push(patientId);
    }
    values.forEach((value, index) => {
      const counts = this.valueCounts[index];
      if (counts !== undefined && value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
    });
  }

  /** Plans suppression from everything added. */
  plan(): SuppressionPlan {
    const rareValues = this.valueCounts.map((counts) => {
      const rare = new Set<string>();
      if (this.strategy !== 'generalise-then-suppress') return rare;
      for (const [value, count] of counts) if (count < this.k) rare.add(value);
      return rare;
    });
    const merged = new Map<string, { count: number; members: string[]; complete: boolean }>();
    for (const entry of this.classes.values()) {
      const key = entry.values
        .map((value, index) => (rareValues[index]?.has(value) === true ? '' : value))
        .join(SEPARATOR);
      const target = merged.get(key) ?? { count: 0, members: [], complete: true };
      target.count += entry.count;
      if (entry.members === undefined) target.complete = false;
      else target.members.push(...entry.members);
      merged.set(key, target);
    }
    const suppressedPatients = new Set<string>();
    for (const entry of merged.values()) {
      // A class below k is made only of classes below k, whose members were all kept.
      if (entry.count < this.k) for (const member of entry.members) suppressedPatients.add(member);
    }
    const rareValueCounts: Record<string, number> = {};
    this.qis.forEach((qi, index) => {
      rareValueCounts[qi.name] = rareValues[index]?.size ?? 0;
    });
    return { rareValues, suppressedPatients, rareValueCounts };
  }
}
