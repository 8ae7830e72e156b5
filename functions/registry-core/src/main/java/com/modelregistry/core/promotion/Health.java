package com.modelregistry.core.promotion;

import com.modelregistry.core.domain.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Aggregates observations of one phase or step and judges them against thresholds. The error rate and
 * disagreement rate are request-weighted; p95 latency is the worst window's (percentiles can't be
 * averaged, and the worst is the safe reading). Fewer samples than required is unhealthy.
 */
final class Health {
  private Health() {}

  record Thresholds(Double maxErrorRate, Double maxDisagreementRate, Double maxP95LatencyMs, long minSamples) {
    static Thresholds of(PromotionPlan.Shadow shadow) {
      return new Thresholds(shadow.maxErrorRate(), shadow.maxDisagreementRate(), shadow.maxP95LatencyMs(),
          shadow.minSamples());
    }

    static Thresholds of(PromotionPlan.Canary canary) {
      return new Thresholds(canary.maxErrorRate(), canary.maxDisagreementRate(), canary.maxP95LatencyMs(),
          canary.minSamples());
    }
  }

  static HealthReport evaluate(String phase, Integer percent, Instant since, List<Observation> observations,
      Thresholds limits) {
    long requests = 0;
    long errors = 0;
    Double p95 = null;
    double disagreementWeighted = 0;
    long disagreementRequests = 0;
    for (Observation observation : observations) {
      requests += observation.requests();
      errors += observation.errors();
      if (observation.p95LatencyMs() != null) {
        p95 = p95 == null ? observation.p95LatencyMs() : Math.max(p95, observation.p95LatencyMs());
      }
      if (observation.disagreementRate() != null) {
        disagreementWeighted += observation.disagreementRate() * observation.requests();
        disagreementRequests += observation.requests();
      }
    }
    Double errorRate = requests == 0 ? null : (double) errors / requests;
    Double disagreement = disagreementRequests == 0 ? null : disagreementWeighted / disagreementRequests;
    List<String> reasons = new ArrayList<>();
    if (requests < limits.minSamples()) {
      reasons.add("only " + requests + " requests observed since " + since + ", " + limits.minSamples()
          + " needed (no data is not healthy)");
    }
    if (limits.maxErrorRate() != null && errorRate != null && errorRate > limits.maxErrorRate()) {
      reasons.add("error rate " + Gates.number(round(errorRate)) + " above " + Gates.number(limits.maxErrorRate()));
    }
    if (limits.maxP95LatencyMs() != null) {
      if (p95 == null) {
        reasons.add("no p95 latency reported (limit " + Gates.number(limits.maxP95LatencyMs()) + " ms)");
      } else if (p95 > limits.maxP95LatencyMs()) {
        reasons.add("p95 latency " + Gates.number(p95) + " ms above " + Gates.number(limits.maxP95LatencyMs()) + " ms");
      }
    }
    if (limits.maxDisagreementRate() != null) {
      if (disagreement == null) {
        reasons.add("no disagreement rate reported (limit " + Gates.number(limits.maxDisagreementRate()) + ")");
      } else if (disagreement > limits.maxDisagreementRate()) {
        reasons.add("disagreement rate " + Gates.number(round(disagreement)) + " above "
            + Gates.number(limits.maxDisagreementRate()));
      }
    }
    return new HealthReport(reasons.isEmpty(), phase, percent, since, requests, errors,
        errorRate == null ? null : round(errorRate), p95, disagreement == null ? null : round(disagreement), reasons);
  }

  private static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }
}
