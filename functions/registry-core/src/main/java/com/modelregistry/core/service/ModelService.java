package com.modelregistry.core.service;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelFilter;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.port.ModelStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Models and their aliases: create, read, list, update, delete. */
public final class ModelService {
  private final ModelStore store;
  private final Clock clock;
  private final Supplier<String> ids;

  public ModelService(ModelStore store, Clock clock, Supplier<String> ids) {
    this.store = store;
    this.clock = clock;
    this.ids = ids;
  }

  public Model create(String actor, CreateModelRequest request) {
    String name = Constraints.modelName(request.name());
    Constraints.description(request.description());
    Constraints.shortText("owner", request.owner());
    Constraints.tags(request.tags(), false);
    return Retrying.onConflict("creating model '" + name + "'", () -> {
      if (store.findModelByName(name).isPresent()) {
        throw RegistryException.alreadyExists("model '" + name + "' already exists");
      }
      Instant now = now();
      String owner = request.owner() == null || request.owner().isBlank() ? actor : request.owner();
      Model created = new Model(ids.get(), name, nullToEmpty(request.description()), owner, request.tags(), 0, null,
          Map.of(), Map.of(), 0, null, actor, now, now, 0, null, null);
      var change = ChangeBuilder.creating(created).audited(now, actor, AuditChain.Event.of("CREATE_MODEL", null));
      store.commit(change);
      return change.model();
    });
  }

  public Model get(String name) {
    return Lookup.model(store, name);
  }

  public Page<Model> list(ModelFilter filter, PageRequest page) {
    return store.listModels(filter, page);
  }

  public Model update(String actor, String name, UpdateModelRequest request) {
    Constraints.description(request.description());
    Constraints.shortText("owner", request.owner());
    Constraints.tags(request.tags(), true);
    return Retrying.onConflict("updating model '" + name + "'", () -> {
      Model current = get(name);
      Model updated = current.withDetails(
          request.description() == null ? current.description() : request.description(),
          request.owner() == null || request.owner().isBlank() ? current.owner() : request.owner(),
          mergeTags(current.tags(), request.tags()));
      var event = AuditChain.Event.of("UPDATE_MODEL", null).withDetails(changedFields(request));
      var change = ChangeBuilder.of(current, updated).audited(now(), actor, event);
      store.commit(change);
      return change.model();
    });
  }

  /** Deletes the model's name and record; 412 while a version is in Production or Staging. */
  public void delete(String actor, String name, String reason) {
    Retrying.onConflict("deleting model '" + name + "'", () -> {
      Model current = get(name);
      for (Stage stage : new Stage[] {Stage.PRODUCTION, Stage.STAGING}) {
        current.versionIn(stage).ifPresent(v -> {
          throw RegistryException.precondition("model '" + name + "' has version " + v + " in " + stage.label()
              + ": archive it (or roll back) before deleting the model");
        });
      }
      var change = ChangeBuilder.of(current, current).deleting()
          .audited(now(), actor, AuditChain.Event.of("DELETE_MODEL", null).withReason(reason));
      store.commit(change);
      return null;
    });
  }

  /** Points the alias at a READY version: whoever resolves it gets verified bytes. */
  public Model setAlias(String actor, String name, String alias, long version) {
    Constraints.alias(alias);
    return Retrying.onConflict("setting alias '" + alias + "'", () -> {
      Model current = get(name);
      ModelVersion target = Lookup.version(store, current, version);
      if (target.status() != VersionStatus.READY) {
        throw RegistryException.precondition("version " + version + " of '" + name + "' is " + target.status()
            + "; an alias can only point at a READY version (finalize it first)");
      }
      Long previous = current.aliases().get(alias);
      if (previous != null && previous == version) {
        return current;
      }
      var event = AuditChain.Event.of("SET_ALIAS", version)
          .withTransition(previous == null ? null : String.valueOf(previous), String.valueOf(version))
          .withDetails(Map.of("alias", alias));
      var change = ChangeBuilder.of(current, current.withAlias(alias, version)).audited(now(), actor, event);
      store.commit(change);
      return change.model();
    });
  }

  public Model deleteAlias(String actor, String name, String alias) {
    return Retrying.onConflict("deleting alias '" + alias + "'", () -> {
      Model current = get(name);
      Long previous = current.aliases().get(alias);
      if (previous == null) {
        throw RegistryException.notFound("model '" + name + "' has no alias '" + alias + "'");
      }
      var event = AuditChain.Event.of("DELETE_ALIAS", previous).withDetails(Map.of("alias", alias));
      var change = ChangeBuilder.of(current, current.withAlias(alias, null)).audited(now(), actor, event);
      store.commit(change);
      return change.model();
    });
  }

  static Map<String, String> mergeTags(Map<String, String> current, Map<String, String> patch) {
    if (patch == null || patch.isEmpty()) {
      return current;
    }
    Map<String, String> merged = new HashMap<>(current);
    patch.forEach((key, value) -> {
      if (value == null) {
        merged.remove(key);
      } else {
        merged.put(key, value);
      }
    });
    Constraints.tags(merged, false);
    return merged;
  }

  private static Map<String, String> changedFields(UpdateModelRequest request) {
    Map<String, String> details = new HashMap<>();
    if (request.description() != null) details.put("description", Constraints.abbreviate(request.description()));
    if (request.owner() != null) details.put("owner", request.owner());
    if (request.tags() != null) details.put("tags", String.join(",", new java.util.TreeSet<>(request.tags().keySet())));
    return details;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
