package com.modelregistry.core.promotion;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.VersionMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a version must earn production: quality gates, an optional shadow phase, human approval (N of M
 * named approvers), and optional canary steps. {@link #validate} states every rule a plan must meet.
 */
public record PromotionPlan(Gates gates, Shadow shadow, Approval approval, Canary canary) {

  /** Step Functions' longest execution is one year; an approval must end well within it. */
  public static final long MAX_WAIT_SECONDS = 30L * 24 * 3600;
  static final Set<String> METADATA_FIELDS = Set.of("datasetVersion", "gitCommit", "trainer", "framework", "runId");

  public PromotionPlan {
    gates = gates == null ? new Gates(null, null, null, null) : gates;
  }

  /** Thresholds on the version's own metrics and artifact, checked before anything else happens. */
  public record Gates(Map<String, MetricGate> metrics, Boolean requireModelCard, List<String> requireMetadata,
      Long maxArtifactBytes) {
    public Gates {
      requireModelCard = requireModelCard != null && requireModelCard;
      metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
      requireMetadata = requireMetadata == null ? List.of() : List.copyOf(requireMetadata);
    }
  }

  /** Bounds on one metric: absolute, and at most {@code maxDropFromProduction} below the production version's value. */
  public record MetricGate(Double min, Double max, Double maxDropFromProduction) {}

  /** Mirrored traffic for {@code seconds}, then health against these thresholds. */
  public record Shadow(Long seconds, Double maxErrorRate, Double maxDisagreementRate, Double maxP95LatencyMs,
      Long minSamples) {}

  /** {@code required} of the named {@code approvers} must approve within {@code timeoutSeconds}; any reject rejects. */
  public record Approval(List<String> approvers, Integer required, Long timeoutSeconds) {
    public Approval {
      approvers = approvers == null ? List.of()
          : approvers.stream().map(a -> a == null ? null : a.trim().toLowerCase(Locale.ROOT)).toList();
    }
  }

  /** Traffic percentages in order (the last is 100), each held {@code bakeSeconds} and then checked. */
  public record Canary(List<Integer> steps, Long bakeSeconds, Double maxErrorRate, Double maxP95LatencyMs,
      Double maxDisagreementRate, Long minSamples) {
    public Canary {
      steps = steps == null ? List.of() : List.copyOf(steps);
    }
  }

  /** The canary steps, or none (the candidate goes to 100 % when promoted). */
  public List<Integer> canarySteps() {
    return canary == null ? List.of() : canary.steps();
  }

  /**
   * Checks every rule; the message names the field. {@code requesterEmail} may be among the approvers, but
   * can't count towards the quorum, so enough others must be named.
   */
  public void validate(String requesterEmail) {
    List<String> problems = new ArrayList<>();
    gates.metrics().forEach((name, gate) -> {
      if (gate == null || (gate.min() == null && gate.max() == null && gate.maxDropFromProduction() == null)) {
        problems.add("plan.gates.metrics." + name + " needs min, max or maxDropFromProduction");
      } else {
        if (gate.min() != null && gate.max() != null && gate.min() > gate.max()) {
          problems.add("plan.gates.metrics." + name + ": min is above max");
        }
        if (gate.maxDropFromProduction() != null && gate.maxDropFromProduction() < 0) {
          problems.add("plan.gates.metrics." + name + ".maxDropFromProduction must be >= 0");
        }
      }
    });
    for (String field : gates.requireMetadata()) {
      if (!METADATA_FIELDS.contains(field)) {
        problems.add("plan.gates.requireMetadata: unknown field '" + field + "' (one of " + String.join(", ",
            METADATA_FIELDS.stream().sorted().toList()) + ")");
      }
    }
    if (gates.maxArtifactBytes() != null && gates.maxArtifactBytes() <= 0) {
      problems.add("plan.gates.maxArtifactBytes must be positive");
    }
    if (shadow != null) {
      requireRange(problems, "plan.shadow.seconds", shadow.seconds(), 1, MAX_WAIT_SECONDS);
      requireRate(problems, "plan.shadow.maxErrorRate", shadow.maxErrorRate());
      requireRate(problems, "plan.shadow.maxDisagreementRate", shadow.maxDisagreementRate());
      requirePositive(problems, "plan.shadow.maxP95LatencyMs", shadow.maxP95LatencyMs());
      requireRange(problems, "plan.shadow.minSamples", shadow.minSamples(), 1, Long.MAX_VALUE);
      if (shadow.maxErrorRate() == null && shadow.maxDisagreementRate() == null && shadow.maxP95LatencyMs() == null) {
        problems.add("plan.shadow needs at least one of maxErrorRate, maxDisagreementRate, maxP95LatencyMs");
      }
    }
    if (approval == null) {
      problems.add("plan.approval is required: no version reaches production without a human's approval");
    } else {
      Set<String> distinct = new HashSet<>();
      for (String approver : approval.approvers()) {
        if (approver == null || !approver.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
          problems.add("plan.approval.approvers: '" + approver + "' is not an email address");
        } else if (!distinct.add(approver)) {
          problems.add("plan.approval.approvers: " + approver + " is named twice");
        }
      }
      if (approval.approvers().isEmpty()) {
        problems.add("plan.approval.approvers must name at least one approver");
      }
      long eligible = distinct.stream().filter(a -> requesterEmail == null || !a.equalsIgnoreCase(requesterEmail)).count();
      if (approval.required() == null) {
        problems.add("plan.approval.required is required (how many approvers must approve)");
      } else if (approval.required() < 1) {
        problems.add("plan.approval.required must be at least 1");
      } else if (approval.required() > eligible && !approval.approvers().isEmpty()) {
        problems.add("plan.approval.required is " + approval.required() + " but only " + eligible
            + " approver(s) other than the requester are named (nobody approves their own promotion)");
      }
      requireRange(problems, "plan.approval.timeoutSeconds", approval.timeoutSeconds(), 1, MAX_WAIT_SECONDS);
    }
    if (canary != null) {
      List<Integer> steps = canary.steps();
      if (steps.isEmpty()) {
        problems.add("plan.canary.steps must list traffic percentages, e.g. [10, 50, 100]");
      } else {
        int previous = 0;
        for (Integer step : steps) {
          if (step == null || step <= previous || step > 100) {
            problems.add("plan.canary.steps must increase strictly within 1..100, got " + steps);
            break;
          }
          previous = step;
        }
        if (steps.get(steps.size() - 1) != null && steps.get(steps.size() - 1) != 100) {
          problems.add("plan.canary.steps must end at 100, got " + steps);
        }
        if (steps.size() > 20) {
          problems.add("plan.canary.steps has more than 20 steps");
        }
      }
      requireRange(problems, "plan.canary.bakeSeconds", canary.bakeSeconds(), 1, MAX_WAIT_SECONDS);
      requireRate(problems, "plan.canary.maxErrorRate", canary.maxErrorRate());
      requireRate(problems, "plan.canary.maxDisagreementRate", canary.maxDisagreementRate());
      requirePositive(problems, "plan.canary.maxP95LatencyMs", canary.maxP95LatencyMs());
      requireRange(problems, "plan.canary.minSamples", canary.minSamples(), 1, Long.MAX_VALUE);
      if (canary.maxErrorRate() == null && canary.maxP95LatencyMs() == null && canary.maxDisagreementRate() == null) {
        problems.add("plan.canary needs at least one of maxErrorRate, maxP95LatencyMs, maxDisagreementRate");
      }
    }
    if (!problems.isEmpty()) {
      throw RegistryException.invalid(String.join("; ", problems));
    }
  }

  /** The metadata value a gate checks, or null when missing. */
  static String metadataValue(VersionMetadata metadata, String field) {
    return switch (field) {
      case "datasetVersion" -> metadata.datasetVersion();
      case "gitCommit" -> metadata.gitCommit();
      case "trainer" -> metadata.trainer();
      case "framework" -> metadata.framework();
      case "runId" -> metadata.runId();
      default -> null;
    };
  }

  private static void requireRange(List<String> problems, String field, Long value, long min, long max) {
    if (value == null) {
      problems.add(field + " is required (" + min + ".." + max + ")");
    } else if (value < min || value > max) {
      problems.add(field + " must be within " + min + ".." + max + ", got " + value);
    }
  }

  private static void requireRate(List<String> problems, String field, Double value) {
    if (value != null && (value < 0 || value > 1)) {
      problems.add(field + " is a fraction within 0..1, got " + value);
    }
  }

  private static void requirePositive(List<String> problems, String field, Double value) {
    if (value != null && value <= 0) {
      problems.add(field + " must be positive, got " + value);
    }
  }
}
