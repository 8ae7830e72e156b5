package com.modelregistry.core.service;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.VersionMetadata;
import java.util.Map;
import java.util.regex.Pattern;

/** The naming and size rules of API.md, checked at the edge of every service call. */
final class Constraints {
  static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
  static final Pattern FILENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,254}");
  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z0-9_.:/@-]{1,250}");
  static final int MAX_TAG_KEY = 250;
  static final int MAX_TAG_VALUE = 5000;
  static final int MAX_TAGS = 100;
  static final int MAX_DESCRIPTION = 5000;
  static final int MAX_SHORT_TEXT = 1000;
  static final long MAX_ARTIFACT_BYTES = 5L * 1024 * 1024 * 1024 * 1024;

  private Constraints() {}

  static String modelName(String name) {
    if (name == null || !MODEL_NAME.matcher(name).matches()) {
      throw RegistryException.invalid("model name '" + (name == null ? "" : name)
          + "' is invalid: 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  static String alias(String alias) {
    if (alias == null || !ALIAS.matcher(alias).matches() || alias.equalsIgnoreCase("latest")) {
      throw RegistryException.invalid("alias '" + alias + "' is invalid: 1-64 letters, digits, '_' or '-', "
          + "starting with a letter or '_', and not 'latest'");
    }
    return alias;
  }

  static void tags(Map<String, String> tags, boolean allowNullValues) {
    if (tags == null) {
      return;
    }
    if (tags.size() > MAX_TAGS) {
      throw RegistryException.invalid("at most " + MAX_TAGS + " tags, got " + tags.size());
    }
    tags.forEach((key, value) -> {
      if (key.isEmpty() || key.length() > MAX_TAG_KEY) {
        throw RegistryException.invalid("tag key '" + abbreviate(key) + "' must be 1-" + MAX_TAG_KEY + " characters");
      }
      if (value == null && !allowNullValues) {
        throw RegistryException.invalid("tag '" + key + "' has no value");
      }
      if (value != null && value.length() > MAX_TAG_VALUE) {
        throw RegistryException.invalid("tag '" + key + "' value is longer than " + MAX_TAG_VALUE + " characters");
      }
    });
  }

  static String description(String description) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw RegistryException.invalid("description is longer than " + MAX_DESCRIPTION + " characters");
    }
    return description;
  }

  static String shortText(String field, String value) {
    if (value != null && value.length() > MAX_SHORT_TEXT) {
      throw RegistryException.invalid(field + " is longer than " + MAX_SHORT_TEXT + " characters");
    }
    return value;
  }

  static void metrics(Map<String, Double> metrics) {
    if (metrics == null) {
      return;
    }
    metrics.forEach((name, value) -> {
      if (!METRIC_NAME.matcher(name).matches()) {
        throw RegistryException.invalid("metric name '" + abbreviate(name) + "' is invalid: 1-250 letters, digits or _ . : / @ -");
      }
      if (value == null || value.isNaN() || value.isInfinite()) {
        throw RegistryException.invalid("metric '" + name + "' must be a finite number");
      }
    });
  }

  static void metadata(VersionMetadata metadata) {
    if (metadata == null) {
      return;
    }
    shortText("metadata.datasetVersion", metadata.datasetVersion());
    shortText("metadata.gitCommit", metadata.gitCommit());
    shortText("metadata.trainer", metadata.trainer());
    shortText("metadata.framework", metadata.framework());
    shortText("metadata.runId", metadata.runId());
    if (metadata.hyperparameters().size() > 500) {
      throw RegistryException.invalid("at most 500 hyperparameters");
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
