package com.modelregistry.core.domain;

import java.time.Instant;

/**
 * Which versions serve a model's traffic from {@code since} on: {@code production} takes what the
 * candidate does not; a SHADOW candidate gets a mirrored copy of the traffic (its answers are not
 * returned), a CANARY candidate serves {@code percent} % of it. {@code previousProduction} is the version a
 * rollback returns to when none is named (the one a promotion replaced).
 */
public record Routing(Long production, Long candidate, Mode mode, int percent, Instant since, Long previousProduction) {

  /** How a candidate receives traffic. */
  public enum Mode { SHADOW, CANARY }

  public Routing {
    if (candidate == null) {
      mode = null;
      percent = 0;
    }
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0..100");
    }
  }

  /** No version serves yet. */
  public static Routing none(Instant at) {
    return new Routing(null, null, null, 0, at, null);
  }

  public Routing withCandidate(long version, Mode newMode, int newPercent, Instant at) {
    return new Routing(production, version, newMode, newPercent, at, previousProduction);
  }

  /** Everything back on production. */
  public Routing withoutCandidate(Instant at) {
    return new Routing(production, null, null, 0, at, previousProduction);
  }

  /** {@code version} serves all traffic, replacing the current production version (kept as rollback target). */
  public Routing promoted(long version, Instant at) {
    return new Routing(version, null, null, 0, at, production);
  }

  /** Production moves back to {@code version}; nothing is left to roll back to. */
  public Routing rolledBackTo(Long version, Instant at) {
    return new Routing(version, null, null, 0, at, null);
  }

  public boolean hasCandidate() {
    return candidate != null;
  }
}
