package com.modelregistry.aws;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots the initialised JVM, run a handler's typical work once (a
 * probe that reads but never writes), so the snapshot holds loaded and initialised classes and a warmed SDK
 * pipeline instead of paying for them on the first request after every restore. A probe that fails (e.g.
 * "not found", the expected answer) does not stop the snapshot.
 */
public final class SnapStartPriming implements Resource {
  private final Runnable probe;

  private SnapStartPriming(Runnable probe) {
    this.probe = probe;
  }

  /** Registers {@code probe} to run before the snapshot; the function's handler constructor calls this. */
  public static void register(Runnable probe) {
    Core.getGlobalContext().register(new SnapStartPriming(probe));
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    try {
      probe.run();
    } catch (RuntimeException expected) {
      // the probe asks for something that does not exist
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing to refresh: clients hold no pooled connections across the snapshot.
  }
}
