package com.modelregistry.core.domain;

import com.modelregistry.core.RegistryException;
import java.util.Locale;

/** A version's lifecycle stage, spelled as MLflow spells it. */
public enum Stage {
  NONE("None"),
  STAGING("Staging"),
  PRODUCTION("Production"),
  ARCHIVED("Archived");

  private final String label;

  Stage(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether the model keeps a pointer to the one version in this stage. */
  public boolean isPointer() {
    return this == STAGING || this == PRODUCTION;
  }

  /** Parses a stage name in any case ("production", "Production"). */
  public static Stage parse(String text) {
    if (text != null) {
      for (Stage stage : values()) {
        if (stage.label.equalsIgnoreCase(text.trim())) {
          return stage;
        }
      }
    }
    throw RegistryException.invalid("unknown stage '" + text + "': use None, Staging, Production or Archived");
  }

  public static boolean isStageName(String text) {
    for (Stage stage : values()) {
      if (stage.label.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
