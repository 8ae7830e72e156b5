package com.modelregistry.core.testing;

import com.modelregistry.core.port.ModelStore;
import java.util.List;
import java.util.Map;

/** The in-memory store passes the {@link ModelStore} contract (one store shared by all tests, as a table would be). */
class InMemoryModelStoreTest extends ModelStoreContract {
  private static final InMemoryModelStore STORE = new InMemoryModelStore();

  @Override
  protected ModelStore store() {
    return STORE;
  }

  @Override
  protected List<Map.Entry<String, String>> outbox(String modelId) {
    return STORE.events(modelId).stream().map(event -> Map.entry(event.detailType(), event.eventId())).toList();
  }
}
