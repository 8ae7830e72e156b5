package com.modelregistry.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One REST-JSON request as a service sees it.
 *
 * @param path the raw (still percent-encoded) path
 * @param query decoded query parameters, each with its values in order
 * @param body the JSON body; an empty body is an empty object
 */
public record AwsRestRequest(String method, String path, Map<String, List<String>> query, JsonNode body) {

  public AwsRestRequest {
    query = Map.copyOf(query);
  }
}
