package com.modelregistry.core.service;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.port.ModelStore;

/** The reads every service starts from: a model by name, a version of it; absent is NOT_FOUND. */
public final class Lookup {
  private Lookup() {}

  /** The model named {@code name} (checked: a malformed name is INVALID_ARGUMENT). */
  public static Model model(ModelStore store, String name) {
    return store.findModelByName(Constraints.modelName(name))
        .orElseThrow(() -> RegistryException.notFound("model '" + name + "' does not exist"));
  }

  public static ModelVersion version(ModelStore store, Model model, long number) {
    return store.findVersion(model.id(), number)
        .orElseThrow(() -> RegistryException.notFound("model '" + model.name() + "' has no version " + number));
  }
}
