package dev.quartet.bench.run;

import java.util.Arrays;
import java.util.List;

final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * Quartet's overhead as a share of the OTel agent's, both over no agent: {@code (quartet - none) / (otel - none)}.
   * NaN when a figure is missing or the OTel agent costs nothing measurable (its overhead ≤ 0).
   */
  static double overheadRatio(double quartet, double otel, double none) {
    double otelOverhead = otel - none;
    if (Double.isNaN(quartet) || Double.isNaN(otelOverhead) || otelOverhead <= 0) {
      return Double.NaN;
    }
    return (quartet - none) / otelOverhead;
  }
}
