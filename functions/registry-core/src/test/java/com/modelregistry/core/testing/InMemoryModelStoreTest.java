package com.modelregistry.core.testing;

import com.modelregistry.core.port.ModelStore;

/** The in-memory store passes the {@link ModelStore} contract (one store shared by all tests, as a table would be). */
class InMemoryModelStoreTest extends ModelStoreContract {
  private static final InMemoryModelStore STORE = new InMemoryModelStore();

  @Override
  protected ModelStore store() {
    return STORE;
  }
}
