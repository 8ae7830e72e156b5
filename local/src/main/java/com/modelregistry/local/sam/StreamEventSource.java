package com.modelregistry.local.sam;

import java.util.List;

/**
 * A function's SAM event of {@code Type: DynamoDB}: Lambda's event source mapping from a table's stream to
 * the function, as far as the local runtime reproduces it.
 *
 * @param functionLogicalId the function the records go to
 * @param eventName the event's key under the function's {@code Events}, e.g. {@code Outbox}
 * @param tableName the template table whose stream is read (its local name)
 * @param streamArn the {@code Stream} property resolved, e.g.
 *     {@code arn:aws:dynamodb:us-east-1:000000000000:table/ModelsTable/stream/2026-11-23T07:33:22.130}
 * @param startingPosition {@code TRIM_HORIZON} or {@code LATEST}: where a mapping without a checkpoint starts
 * @param batchSize the most records one invocation gets, 1 to 10000 (default 100)
 * @param maximumRetryAttempts how often a failed batch is retried before its records are skipped; -1 (the
 *     default): until it succeeds
 * @param reportBatchItemFailures whether {@code FunctionResponseTypes} has {@code ReportBatchItemFailures}: the
 *     function's {@code batchItemFailures} answer is honoured
 * @param filterPatterns {@code FilterCriteria.Filters[].Pattern}, event patterns (JSON) a record must match one
 *     of to be sent; none: every record is sent
 * @param enabled {@code Enabled} (default true)
 */
public record StreamEventSource(
    String functionLogicalId,
    String eventName,
    String tableName,
    String streamArn,
    String startingPosition,
    int batchSize,
    int maximumRetryAttempts,
    boolean reportBatchItemFailures,
    List<String> filterPatterns,
    boolean enabled) {

  public static final String TRIM_HORIZON = "TRIM_HORIZON";
  public static final String LATEST = "LATEST";
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final int MAX_BATCH_SIZE = 10_000;

  public StreamEventSource {
    filterPatterns = List.copyOf(filterPatterns);
  }

  /** {@code <function>.<event>}, e.g. {@code EventRelayFunction.Outbox}: the mapping's name in logs and files. */
  public String id() {
    return functionLogicalId + "." + eventName;
  }
}
