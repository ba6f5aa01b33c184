package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    assertEquals(3.0, Stats.median(List.of(9.0, 1.0, 3.0)));
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
  }

  @Test
  void noValuesHaveNoMedian() {
    assertTrue(Double.isNaN(Stats.median(List.of())));
    assertTrue(Double.isNaN(Stats.median(null)));
  }

  @Test
  void theOverheadRatioComparesOverheadsNotTotals() {
    // no agent 1,000 ms; Quartet 1,500 (+500); the OTel agent 3,000 (+2,000): a quarter of its overhead
    assertEquals(0.25, Stats.overheadRatio(1500, 3000, 1000), 1e-9);
    // Quartet cheaper than no agent (noise) gives a negative share, not a clipped one
    assertEquals(-0.05, Stats.overheadRatio(900, 3000, 1000), 1e-9);
  }

  @Test
  void anOtelAgentThatCostsNothingGivesNoRatio() {
    assertTrue(Double.isNaN(Stats.overheadRatio(1500, 1000, 1000)));
    assertTrue(Double.isNaN(Stats.overheadRatio(1500, 900, 1000)));
    assertTrue(Double.isNaN(Stats.overheadRatio(Double.NaN, 3000, 1000)));
    assertTrue(Double.isNaN(Stats.overheadRatio(1500, Double.NaN, 1000)));
  }
}
