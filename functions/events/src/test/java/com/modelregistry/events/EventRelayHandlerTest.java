package com.modelregistry.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The relay's contract with Lambda's stream mapping: order, batches of ten, and which record a failure
 * names (everything from it on is retried; nothing after a retryable failure is published first).
 */
class EventRelayHandlerTest {

  /** Answers PutEvents with {@code errorFor(entry)}: null accepts the entry, else the error code. */
  static final class Bus implements EventBridgeClient {
    final List<List<PutEventsRequestEntry>> calls = new ArrayList<>();
    Function<PutEventsRequestEntry, String> errorFor = entry -> null;
    boolean down;

    @Override
    public PutEventsResponse putEvents(PutEventsRequest request) {
      calls.add(request.entries());
      if (down) {
        throw AwsServiceException.builder().message("service unavailable").statusCode(503).build();
      }
      List<PutEventsResultEntry> results = new ArrayList<>();
      int failed = 0;
      for (PutEventsRequestEntry entry : request.entries()) {
        String error = errorFor.apply(entry);
        failed += error == null ? 0 : 1;
        results.add(error == null ? PutEventsResultEntry.builder().eventId("id-" + entry.detail().hashCode()).build()
            : PutEventsResultEntry.builder().errorCode(error).errorMessage("refused").build());
      }
      return PutEventsResponse.builder().entries(results).failedEntryCount(failed).build();
    }

    List<String> published() {
      List<String> ids = new ArrayList<>();
      calls.forEach(call -> call.forEach(entry -> ids.add(entry.detail())));
      return ids;
    }

    final List<String> described = new ArrayList<>();

    @Override
    public DescribeEventBusResponse describeEventBus(DescribeEventBusRequest request) {
      described.add(request.name());
      return DescribeEventBusResponse.builder().name(request.name()).build();
    }

    @Override
    public String serviceName() {
      return "events";
    }

    @Override
    public void close() {}
  }

  final Bus bus = new Bus();
  final EventRelayHandler handler = new EventRelayHandler(new EventBridgeRelay(bus, "registry-events"));

  static Map<String, Object> record(int n) {
    String detail = "{\"eventId\":\"m-" + n + "-promotion-started-v1\",\"at\":\"2026-11-23T10:00:0" + (n % 10) + "Z\"}";
    return record(String.valueOf(1000 + n), detail);
  }

  static Map<String, Object> record(String sequence, String detail) {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("PK", Map.of("S", "MODEL#m"));
    image.put("SK", Map.of("S", "EVENT#" + sequence));
    image.put("eventId", Map.of("S", "e" + sequence));
    image.put("source", Map.of("S", "model-registry"));
    image.put("detailType", Map.of("S", "Promotion Started"));
    image.put("detail", Map.of("S", detail));
    return Map.of("eventID", "r" + sequence, "eventName", "INSERT", "eventSource", "aws:dynamodb",
        "dynamodb", Map.of("SequenceNumber", sequence, "NewImage", image, "StreamViewType", "NEW_IMAGE"));
  }

  static Map<String, Object> batch(int count) {
    List<Object> records = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      records.add(record(n));
    }
    return Map.of("Records", records);
  }

  static List<Object> failures(Map<String, Object> response) {
    List<Object> sequences = new ArrayList<>();
    for (Object failure : (List<?>) response.get("batchItemFailures")) {
      sequences.add(((Map<?, ?>) failure).get("itemIdentifier"));
    }
    return sequences;
  }

  @Test
  void publishesEveryRecordInOrderTenPerCall() {
    Map<String, Object> response = handler.handleRequest(batch(25), null);

    assertEquals(List.of(), failures(response));
    assertEquals(List.of(10, 10, 5), bus.calls.stream().map(List::size).toList());
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < 25; n++) {
      expected.add(String.valueOf(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) record(n).get("dynamodb"))
          .get("NewImage")).get("detail"))).get("S")));
    }
    assertEquals(expected, bus.published());
    PutEventsRequestEntry first = bus.calls.get(0).get(0);
    assertEquals("registry-events", first.eventBusName());
    assertEquals("model-registry", first.source());
    assertEquals("Promotion Started", first.detailType());
    assertEquals(Instant.parse("2026-11-23T10:00:00Z"), first.time(), "the event's time is its change's");
  }

  @Test
  void aRetryableRefusalNamesItsRecordAndNothingAfterItIsPublished() {
    bus.errorFor = entry -> entry.detail().contains("m-13-") ? "ThrottlingException" : null;

    Map<String, Object> response = handler.handleRequest(batch(25), null);

    assertEquals(List.of("1013"), failures(response), "Lambda retries from record 13 on");
    assertEquals(2, bus.calls.size(), "the third batch waits for the retry");
  }

  @Test
  void aWholeCallThatFailsNamesTheFirstRecordOfIt() {
    bus.down = true;

    assertEquals(List.of("1000"), failures(handler.handleRequest(batch(3), null)));
  }

  @Test
  void aRecordRefusedForItsContentIsSkippedNotRetriedForever() {
    bus.errorFor = entry -> entry.detail().contains("m-1-") ? "MalformedDetail" : null;

    assertEquals(List.of(), failures(handler.handleRequest(batch(3), null)));
  }

  @Test
  void recordsThatAreNotOutboxEventsAreSkipped() {
    Map<String, Object> notJson = record("2000", "not json");
    Map<String, Object> noImage = Map.of("eventID", "x", "eventName", "INSERT",
        "dynamodb", Map.of("SequenceNumber", "2001"));
    Map<String, Object> response = handler.handleRequest(Map.of("Records", List.of(notJson, noImage, record(7))), null);

    assertEquals(List.of(), failures(response));
    assertEquals(1, bus.published().size());
    assertEquals(List.of(), failures(handler.handleRequest(Map.of("Records", List.of()), null)));
    assertEquals(List.of(), failures(handler.handleRequest(Map.of(), null)));
  }

  @Test
  void primingReadsTheBusAndPublishesNothing() {
    new EventBridgeRelay(bus, "registry-events").describeBus();

    assertEquals(List.of("registry-events"), bus.described);
    assertEquals(List.of(), bus.calls);
  }
}
