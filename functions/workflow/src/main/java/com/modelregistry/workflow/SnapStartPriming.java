package com.modelregistry.workflow;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming for the workflow functions: before the snapshot, run one task for a promotion that
 * does not exist, so the snapshot holds loaded classes and a warmed SDK pipeline (one DynamoDB GetItem,
 * answered "not found").
 */
final class SnapStartPriming implements Resource {
  private final Runnable probe;

  private SnapStartPriming(Runnable probe) {
    this.probe = probe;
  }

  static void register(Runnable probe) {
    Core.getGlobalContext().register(new SnapStartPriming(probe));
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    try {
      probe.run();
    } catch (RuntimeException expected) {
      // "promotion does not exist" is the expected answer
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // clients hold no pooled connections across the snapshot
  }
}
