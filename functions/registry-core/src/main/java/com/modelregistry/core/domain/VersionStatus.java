package com.modelregistry.core.domain;

import com.modelregistry.core.RegistryException;
import java.util.Locale;

/** PENDING_UPLOAD → READY once the artifact's size and SHA-256 are verified, or FAILED. */
public enum VersionStatus {
  PENDING_UPLOAD,
  READY,
  FAILED;

  public static VersionStatus parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw RegistryException.invalid("unknown status '" + text + "': use PENDING_UPLOAD, READY or FAILED");
    }
  }
}
