package com.modelregistry.core.domain;

import com.modelregistry.core.RegistryException;

/** Page size (1..200) and the opaque token of the page to continue from (null for the first). */
public record PageRequest(int pageSize, String pageToken) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 200;

  public PageRequest {
    if (pageSize < 1 || pageSize > MAX_SIZE) {
      throw RegistryException.invalid("pageSize must be between 1 and " + MAX_SIZE + ", got " + pageSize);
    }
    if (pageToken != null && pageToken.isBlank()) {
      pageToken = null;
    }
  }

  public static PageRequest first(int pageSize) {
    return new PageRequest(pageSize, null);
  }
}
