package com.modelregistry.api;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.Principal;
import com.modelregistry.core.service.VersionService;
import java.util.HashMap;
import java.util.Map;

/** One HTTP request after routing: path parameters, query, headers (lower-case names), body, caller. */
record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParameters,
    Map<String, String> query,
    Map<String, String> headers,
    String body,
    Principal principal,
    String requestId) {

  String path(String name) {
    return pathParameters.get(name);
  }

  long versionNumber() {
    return VersionService.parseNumber(pathParameters.get("version"));
  }

  String query(String name) {
    String value = query.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  String header(String name) {
    return headers.get(name);
  }

  /** Query parameters {@code tag.<key>=<value>} as a tag filter. */
  Map<String, String> tagFilter() {
    Map<String, String> tags = new HashMap<>();
    query.forEach((name, value) -> {
      if (name.startsWith("tag.") && name.length() > 4) {
        tags.put(name.substring(4), value);
      }
    });
    return tags;
  }

  PageRequest page() {
    String size = query("pageSize");
    int pageSize = PageRequest.DEFAULT_SIZE;
    if (size != null) {
      try {
        pageSize = Integer.parseInt(size);
      } catch (NumberFormatException e) {
        throw RegistryException.invalid("pageSize must be an integer between 1 and " + PageRequest.MAX_SIZE);
      }
    }
    return new PageRequest(pageSize, query("pageToken"));
  }
}
