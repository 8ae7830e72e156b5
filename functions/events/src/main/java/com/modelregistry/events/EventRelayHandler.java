package com.modelregistry.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import com.modelregistry.aws.SnapStartPriming;
import java.util.List;
import java.util.Map;

/**
 * The event relay: Lambda hands it the table stream's new EVENT# items (template.yaml filters the stream),
 * it puts them on the registry's bus in order and answers with {@code batchItemFailures} naming the record
 * to retry from (ReportBatchItemFailures), so Lambda retries exactly what was not published. Every change
 * writes its events with itself (the outbox), so an event is published if and only if its change
 * committed, at least once.
 */
public final class EventRelayHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static final System.Logger LOG = System.getLogger(EventRelayHandler.class.getName());

  private final EventBridgeRelay relay;

  /** Used by the Lambda runtime. */
  public EventRelayHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  private EventRelayHandler(Config config) {
    this(config, AwsClients.create(config));
    // Loads the parsing path (an empty batch publishes nothing) and runs the SDK's request pipeline once with a
    // read that changes nothing, so the first batch after a restore pays for neither.
    SnapStartPriming.register(() -> {
      handleRequest(Map.of("Records", List.of()), null);
      relay.describeBus();
    });
  }

  /** Used by the local runtime and tests. */
  public EventRelayHandler(Config config, AwsClients clients) {
    this(new EventBridgeRelay(clients.eventBridge(), Config.require(config.eventBusName(), "EVENT_BUS_NAME")));
  }

  EventRelayHandler(EventBridgeRelay relay) {
    this.relay = relay;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> batch, Context context) {
    List<OutboxRecord> records = OutboxRecord.allOf(batch, LOG);
    return relay.publish(records)
        .<Map<String, Object>>map(sequence -> Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", sequence))))
        .orElse(Map.of("batchItemFailures", List.of()));
  }
}
