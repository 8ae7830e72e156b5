package com.modelregistry.core.domain;

import com.modelregistry.core.RegistryException;
import java.util.Locale;

/** The serving phase an observation was made in. */
public enum ObservationPhase {
  SHADOW,
  CANARY,
  PRODUCTION;

  /** Any case: "shadow", "Canary". */
  public static ObservationPhase parse(String text) {
    if (text != null) {
      for (ObservationPhase phase : values()) {
        if (phase.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
          return phase;
        }
      }
    }
    throw RegistryException.invalid("phase must be SHADOW, CANARY or PRODUCTION, got '" + text + "'");
  }
}
