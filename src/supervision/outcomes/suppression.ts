/**
 * Small-cell protection for district figures: no published count is between 1 and 4, and no hidden count can
 * be worked out by subtraction.
 *
 * Every count is published in a group: the municipality's figure (the total) and the same figure per district
 * (the parts; the parts add up to the total exactly, since every household has one district).
 * 1. Primary suppression: a count of 1–4 is hidden (`value: null, suppressed: true`); 0 is shown — it names
 *    nobody.
 * 2. Complementary suppression: while the total is shown, the hidden parts must be at least two and together
 *    at least 5; otherwise the smallest shown non-zero part is hidden as well, and so on. Then
 *    `total − shown parts` gives only the sum of two or more hidden cells, never one of them, and that sum is
 *    itself not a small count. Hidden parts that are all non-zero and add up to their number would each be 1
 *    (an outside probe found five districts of one family each, stop 42): then a district's 0 is hidden too, and
 *    a hidden part may be anything from 0 up. (If the total is hidden, it is 1–4 and so is every non-zero part: all hidden.)
 * For a figure whose only relation is the group (stalled at month end, assessment progress, the domain report)
 * this is the whole protection. The status-and-flow block of the outcomes report has more relations — across
 * statuses (registered + in care + closed = households registered so far) and across months (stocks and flows) —
 * and is protected as one linked table by linked-suppression.ts, which starts from this rule (stop 37's open
 * finding: this rule alone let hidden counts there be worked out by subtraction).
 * Figures derived from a count (median days open, average change) are hidden with their count.
 */
export const MIN_GROUP_SIZE = 5;

export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export const isSmall = (n: number) => n >= 1 && n < MIN_GROUP_SIZE;

export function protectGroup(total: number, parts: readonly number[]): { total: Cell; parts: Cell[] } {
  const totalHidden = isSmall(total);
  const hidden = parts.map((n) => totalHidden ? n > 0 : isSmall(n));
  if (!totalHidden) {
    for (;;) {
      const hiddenCount = hidden.filter(Boolean).length;
      const hiddenSum = parts.reduce((sum, n, i) => sum + (hidden[i] ? n : 0), 0);
      // a hidden non-zero part is at least 1: hidden parts that are all non-zero and add up to their number are all 1
      const zeroHidden = parts.some((n, i) => hidden[i] && n === 0);
      if (hiddenCount === 0 || (hiddenCount >= 2 && hiddenSum >= MIN_GROUP_SIZE && (hiddenSum > hiddenCount || zeroHidden))) break;
      let pick = -1;
      parts.forEach((n, i) => {
        if (!hidden[i] && n > 0 && (pick === -1 || n < parts[pick]!)) pick = i;
      });
      // no shown non-zero part left: a district's 0 is hidden with them, so a hidden part may be 0 and none is known
      if (pick === -1) pick = parts.findIndex((n, i) => !hidden[i] && n === 0);
      if (pick === -1) break; // every part hidden: nothing is subtracted from the total
      hidden[pick] = true;
    }
  }
  const cell = (n: number, isHidden: boolean): Cell => (isHidden ? { value: null, suppressed: true } : { value: n, suppressed: false });
  return { total: cell(total, totalHidden), parts: parts.map((n, i) => cell(n, hidden[i]!)) };
}

/** A figure (median, average) shown only when the count it rests on is shown and non-zero. */
export function dependentFigure(value: number | null, count: Cell): Cell {
  if (count.suppressed) return { value: null, suppressed: true };
  return { value: count.value === 0 ? null : value, suppressed: false };
}
