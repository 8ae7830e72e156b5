package com.modelregistry.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.core.port.EventPublisher;
import com.modelregistry.core.promotion.RegistryEvent;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** {@link EventPublisher} on an EventBridge bus: source {@code model-registry}, ten entries per PutEvents. */
public final class EventBridgePublisher implements EventPublisher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ENTRIES = 10;

  private final EventBridgeClient eventBridge;
  private final String busName;

  public EventBridgePublisher(EventBridgeClient eventBridge, String busName) {
    this.eventBridge = eventBridge;
    this.busName = busName;
  }

  @Override
  public void publish(List<RegistryEvent> events) {
    String bus = Config.require(busName, "EVENT_BUS_NAME");
    List<PutEventsRequestEntry> entries = new ArrayList<>();
    for (RegistryEvent event : events) {
      entries.add(PutEventsRequestEntry.builder().eventBusName(bus).source(RegistryEvent.SOURCE)
          .detailType(event.detailType()).detail(json(event)).build());
    }
    for (int from = 0; from < entries.size(); from += MAX_ENTRIES) {
      List<PutEventsRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + MAX_ENTRIES));
      PutEventsResponse response = eventBridge.putEvents(request -> request.entries(batch));
      if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
        String firstError = response.entries().stream().filter(entry -> entry.errorCode() != null)
            .map(entry -> entry.errorCode() + ": " + entry.errorMessage()).findFirst().orElse("unknown");
        throw new IllegalStateException(response.failedEntryCount() + " event(s) were not accepted by bus " + bus
            + " (" + firstError + ")");
      }
    }
  }

  private static String json(RegistryEvent event) {
    try {
      return JSON.writeValueAsString(event.detail());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event detail is not serializable", e);
    }
  }
}
