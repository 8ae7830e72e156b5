package com.modelregistry.local.streams;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream handler as the outbox relay is written (a {@code DynamodbEvent} in, a {@code StreamsEventResponse}
 * out), named by the stream tests' templates: records every event it gets, as the runtime deserialised it; a
 * record whose new image has {@code failOnce: true} is reported failed (batchItemFailures) the first time.
 */
public final class RecordingDynamodbHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

  public static final List<DynamodbEvent> RECEIVED = new CopyOnWriteArrayList<>();
  private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    RECEIVED.add(event);
    List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
    for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
      AttributeValue failOnce = record.getDynamodb().getNewImage().get("failOnce");
      if (failOnce != null && Boolean.TRUE.equals(failOnce.getBOOL()) && FAILED_ONCE.add(record.getEventID())) {
        failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
      }
    }
    return new StreamsEventResponse(failures);
  }

  /** The sort keys of every record received, in order. */
  public static List<String> sortKeys() {
    return RECEIVED.stream().flatMap(event -> event.getRecords().stream())
        .map(record -> record.getDynamodb().getKeys().get("SK").getS()).toList();
  }
}
