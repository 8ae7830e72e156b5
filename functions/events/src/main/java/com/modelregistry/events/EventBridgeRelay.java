package com.modelregistry.events;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts outbox records on the bus in stream order, ten per PutEvents (the API's limit), and says where to
 * resume when something was not accepted: the first record EventBridge refused for a reason that may pass
 * (throttling, an outage, missing permissions), or the first of a call that failed as a whole. Records after
 * it are retried too, so an event is never published before an earlier one of the same model is; an event
 * published twice that way keeps its {@code eventId}, on which consumers de-duplicate. A record refused
 * because of its content can never pass: it is logged and skipped, not retried forever.
 */
final class EventBridgeRelay {
  private static final System.Logger LOG = System.getLogger(EventBridgeRelay.class.getName());
  private static final int MAX_ENTRIES = 10;
  /** PutEvents entry errors that retrying can't fix. */
  private static final Set<String> PERMANENT = Set.of("MalformedDetail", "InvalidArgument", "ValidationException");

  private final EventBridgeClient eventBridge;
  private final String busName;

  EventBridgeRelay(EventBridgeClient eventBridge, String busName) {
    this.eventBridge = eventBridge;
    this.busName = busName;
  }

  /** Publishes {@code records}; the sequence number to retry from, or empty when all were handled. */
  Optional<String> publish(List<OutboxRecord> records) {
    for (int from = 0; from < records.size(); from += MAX_ENTRIES) {
      List<OutboxRecord> batch = records.subList(from, Math.min(records.size(), from + MAX_ENTRIES));
      PutEventsResponse response;
      try {
        response = eventBridge.putEvents(request -> request.entries(batch.stream().map(this::entry).toList()));
      } catch (SdkException e) {
        LOG.log(System.Logger.Level.WARNING, "PutEvents failed for " + batch.size() + " event(s) from "
            + batch.get(0).eventId() + " on; the stream retries them: " + e.getMessage());
        return Optional.of(batch.get(0).sequenceNumber());
      }
      List<PutEventsResultEntry> results = response.entries();
      for (int i = 0; i < batch.size(); i++) {
        PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
        if (result != null && result.errorCode() == null) {
          continue;
        }
        OutboxRecord record = batch.get(i);
        String error = result == null ? "no result" : result.errorCode() + ": " + result.errorMessage();
        if (result != null && PERMANENT.contains(result.errorCode())) {
          LOG.log(System.Logger.Level.ERROR, "EventBridge refused event " + record.eventId() + " (" + record.detailType()
              + ") for good, skipping it: " + error);
          continue;
        }
        LOG.log(System.Logger.Level.WARNING, "EventBridge did not accept event " + record.eventId() + " ("
            + error + "); the stream retries from it");
        return Optional.of(record.sequenceNumber());
      }
    }
    return Optional.empty();
  }

  /** Reads the bus's description: a call that changes nothing, for SnapStart priming. */
  void describeBus() {
    eventBridge.describeEventBus(request -> request.name(busName));
  }

  private PutEventsRequestEntry entry(OutboxRecord record) {
    return PutEventsRequestEntry.builder().eventBusName(busName).source(record.source() == null
            ? "model-registry" : record.source())
        .detailType(record.detailType()).detail(record.detail()).time(record.at()).build();
  }
}
