package com.modelregistry.core.promotion;

/** The step of the workflow a promotion is in (DONE once it ended, whatever the outcome). */
public enum PromotionPhase {
  VALIDATING,
  STAGING,
  SHADOW,
  AWAITING_APPROVAL,
  CANARY,
  PROMOTING,
  DONE
}
