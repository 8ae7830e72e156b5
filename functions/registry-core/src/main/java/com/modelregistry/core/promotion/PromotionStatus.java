package com.modelregistry.core.promotion;

/** Where a promotion ended, or RUNNING. */
public enum PromotionStatus {
  RUNNING,
  SUCCEEDED,
  REJECTED,
  ROLLED_BACK,
  EXPIRED,
  CANCELLED,
  FAILED;

  public boolean isFinal() {
    return this != RUNNING;
  }
}
