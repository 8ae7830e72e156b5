package com.modelregistry.core.port;

import com.modelregistry.core.promotion.RegistryEvent;
import java.util.List;

/** Publishes events for deployment systems and other consumers (EventBridge). */
public interface EventPublisher {

  /**
   * Publishes the events, in order. Implementations report failures by exception; callers publish after
   * the change they describe has committed.
   */
  void publish(List<RegistryEvent> events);
}
