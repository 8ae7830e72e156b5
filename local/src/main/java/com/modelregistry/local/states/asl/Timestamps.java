package com.modelregistry.local.states.asl;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Timestamps as the spec defines them: RFC 3339 with an uppercase {@code T} between date and time and
 * an uppercase {@code Z} when there is no numeric offset, e.g. {@code 2016-03-14T01:59:00Z}.
 */
public final class Timestamps {

  private static final Pattern RFC3339 = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
  private static final DateTimeFormatter CONTEXT_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static Optional<Instant> parse(String text) {
    if (text == null || !RFC3339.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public static boolean isTimestamp(String text) {
    return parse(text).isPresent();
  }

  /** How the Context Object writes times: UTC with milliseconds, e.g. {@code 2019-03-26T20:14:13.192Z}. */
  public static String format(Instant instant) {
    return CONTEXT_FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
