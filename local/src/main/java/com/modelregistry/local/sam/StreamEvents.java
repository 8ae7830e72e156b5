package com.modelregistry.local.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.event.ruler.JsonRuleCompiler;

/**
 * Reads a function's SAM events of {@code Type: DynamoDB} into {@link StreamEventSource}s. What the local
 * runtime does not reproduce is refused with a {@link TemplateException} rather than silently ignored: a
 * batching window, bisecting, parallelization, tumbling windows, a maximum record age, on-failure
 * destinations, {@code AT_TIMESTAMP}; {@code KmsKeyArn} and {@code MetricsConfig} change nothing locally
 * and are accepted.
 */
final class StreamEvents {

  private static final Pattern STREAM_ARN =
      Pattern.compile("arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table/([^/]+)/stream/.+");
  private static final Set<String> PROPERTIES = new TreeSet<>(List.of("Stream", "StartingPosition",
      "StartingPositionTimestamp", "BatchSize", "Enabled", "MaximumBatchingWindowInSeconds", "MaximumRetryAttempts",
      "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError", "ParallelizationFactor", "TumblingWindowInSeconds",
      "DestinationConfig", "FunctionResponseTypes", "FilterCriteria", "KmsKeyArn", "MetricsConfig"));
  private static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

  private final BiFunction<Object, String, String> string;
  private final Predicate<String> tableHasStream;

  /**
   * @param string resolves a value (intrinsics included) to a string, naming the key in errors; a missing
   *     value is an error
   * @param tableHasStream whether a name is a table of the template with a StreamSpecification
   */
  StreamEvents(BiFunction<Object, String, String> string, Predicate<String> tableHasStream) {
    this.string = string;
    this.tableHasStream = tableHasStream;
  }

  List<StreamEventSource> read(String functionLogicalId, Map<String, Object> events) {
    List<StreamEventSource> sources = new ArrayList<>();
    events.forEach((eventName, value) -> {
      if (value instanceof Map<?, ?> event && "DynamoDB".equals(event.get("Type"))) {
        try {
          sources.add(source(functionLogicalId, eventName, SamTemplate.map(event.get("Properties"), "Properties")));
        } catch (TemplateException e) {
          throw new TemplateException("event " + eventName + " (DynamoDB)", e);
        }
      }
    });
    return sources;
  }

  private StreamEventSource source(String functionLogicalId, String eventName, Map<String, Object> properties) {
    Set<String> unknown = new TreeSet<>(properties.keySet());
    unknown.removeAll(PROPERTIES);
    if (!unknown.isEmpty()) {
      throw new TemplateException("unknown propert" + (unknown.size() == 1 ? "y " : "ies ") + String.join(", ", unknown)
          + "; a DynamoDB event has " + String.join(", ", PROPERTIES));
    }
    String streamArn = string.apply(properties.get("Stream"), "Stream");
    Matcher arn = STREAM_ARN.matcher(streamArn);
    if (!arn.matches() || !tableHasStream.test(arn.group(1))) {
      throw new TemplateException("Stream must be the stream of one of the template's tables with a "
          + "StreamSpecification (!GetAtt <Table>.StreamArn), got '" + streamArn + "'");
    }
    String startingPosition = string.apply(properties.get("StartingPosition"), "StartingPosition");
    if (!startingPosition.equals(StreamEventSource.TRIM_HORIZON) && !startingPosition.equals(StreamEventSource.LATEST)) {
      throw new TemplateException("StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB stream, got '"
          + startingPosition + "'");
    }
    refuse(properties, "StartingPositionTimestamp", "AT_TIMESTAMP is for Kinesis and Kafka, not DynamoDB streams");
    int batchSize = integer(properties, "BatchSize", StreamEventSource.DEFAULT_BATCH_SIZE, 1,
        StreamEventSource.MAX_BATCH_SIZE);
    int retries = integer(properties, "MaximumRetryAttempts", -1, -1, 10_000);
    onlyDefault(properties, "MaximumBatchingWindowInSeconds", "0", "records are sent as soon as they are read");
    onlyDefault(properties, "MaximumRecordAgeInSeconds", "-1", "records are retried until they succeed or leave the stream");
    onlyDefault(properties, "BisectBatchOnFunctionError", "false", "a failed batch is retried whole");
    onlyDefault(properties, "ParallelizationFactor", "1", "each shard is read by one poller");
    onlyDefault(properties, "TumblingWindowInSeconds", "0", "there is no tumbling window state");
    refuse(properties, "DestinationConfig", "records skipped after MaximumRetryAttempts are only logged");
    return new StreamEventSource(functionLogicalId, eventName, arn.group(1), streamArn, startingPosition, batchSize,
        retries, reportBatchItemFailures(properties.get("FunctionResponseTypes")),
        filterPatterns(properties.get("FilterCriteria")),
        !properties.containsKey("Enabled") || bool(properties.get("Enabled"), "Enabled"));
  }

  private boolean reportBatchItemFailures(Object value) {
    boolean report = false;
    for (Object element : SamTemplate.list(value, "FunctionResponseTypes")) {
      String type = string.apply(element, "FunctionResponseTypes[]");
      if (!type.equals(REPORT_BATCH_ITEM_FAILURES)) {
        throw new TemplateException("FunctionResponseTypes may only hold " + REPORT_BATCH_ITEM_FAILURES + ", got '"
            + type + "'");
      }
      report = true;
    }
    return report;
  }

  private List<String> filterPatterns(Object value) {
    List<String> patterns = new ArrayList<>();
    List<?> filters = SamTemplate.list(SamTemplate.map(value, "FilterCriteria").get("Filters"), "FilterCriteria.Filters");
    for (int i = 0; i < filters.size(); i++) {
      String where = "FilterCriteria.Filters[" + i + "].Pattern";
      Object pattern = SamTemplate.map(filters.get(i), "FilterCriteria.Filters[" + i + "]").get("Pattern");
      if (pattern != null && !(pattern instanceof String) && !(pattern instanceof Map<?, ?> map && map.size() == 1
          && String.valueOf(map.keySet().iterator().next()).startsWith("Fn::"))) {
        throw new TemplateException(where + " must be a string holding a JSON filter pattern");
      }
      String text = string.apply(pattern, where);
      String problem;
      try {
        problem = JsonRuleCompiler.check(text);
      } catch (RuntimeException e) {
        problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      if (problem != null) {
        throw new TemplateException(where + " is not a valid filter pattern: " + problem.replaceAll("\\s*\\R\\s*", " "));
      }
      patterns.add(text);
    }
    return patterns;
  }

  private int integer(Map<String, Object> properties, String key, int defaultValue, int min, int max) {
    if (!properties.containsKey(key)) {
      return defaultValue;
    }
    String text = string.apply(properties.get(key), key);
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TemplateException(key + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
  }

  private boolean bool(Object value, String key) {
    String text = string.apply(value, key);
    if (!text.equals("true") && !text.equals("false")) {
      throw new TemplateException(key + " must be true or false, got '" + text + "'");
    }
    return Boolean.parseBoolean(text);
  }

  /** A property the local runtime accepts only with the value that means "off". */
  private void onlyDefault(Map<String, Object> properties, String key, String off, String why) {
    if (properties.containsKey(key) && !string.apply(properties.get(key), key).equals(off)) {
      throw new TemplateException(key + " is not supported locally (only " + off + ": " + why + ")");
    }
  }

  private static void refuse(Map<String, Object> properties, String key, String why) {
    if (properties.get(key) != null) {
      throw new TemplateException(key + " is not supported locally (" + why + ")");
    }
  }
}
