package com.modelregistry.core.domain;

import java.util.Locale;
import java.util.Map;

/** Criteria of a model listing; null or empty criteria match everything. */
public record ModelFilter(Stage stage, String owner, Map<String, String> tags, String nameContains) {
  public static final ModelFilter ALL = new ModelFilter(null, null, Map.of(), null);

  public ModelFilter {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The criteria a store does not answer from an index: tags and name substring (and owner, stage if unindexed). */
  public boolean matches(Model model) {
    if (owner != null && !owner.equals(model.owner())) {
      return false;
    }
    if (stage != null && !model.stages().containsKey(stage)) {
      return false;
    }
    if (nameContains != null
        && !model.name().toLowerCase(Locale.ROOT).contains(nameContains.toLowerCase(Locale.ROOT))) {
      return false;
    }
    return tags.entrySet().stream().allMatch(t -> t.getValue().equals(model.tags().get(t.getKey())));
  }
}
