package com.modelregistry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.modelregistry.core.RegistryException;
import java.util.Map;
import java.util.stream.Collectors;

/** The one ObjectMapper: strict on input (unknown fields, type coercion, trailing tokens), tidy on output. */
final class JsonCodec {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private JsonCodec() {}

  static <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw RegistryException.invalid("a JSON request body is required");
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw RegistryException.invalid(describe(e));
    }
  }

  static Map<String, Object> readObject(String body) {
    if (body == null || body.isBlank()) {
      throw RegistryException.invalid("a JSON object request body is required");
    }
    try {
      return MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw RegistryException.invalid(describe(e));
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response is not serializable", e);
    }
  }

  /** A client-facing description of what is wrong with the body: field path and problem, never internals. */
  static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
          .map(String::valueOf).sorted().collect(Collectors.joining(", "));
      return "unknown field '" + path(unknown) + "'" + (known.isEmpty() ? "" : "; allowed here: " + known);
    }
    if (e instanceof JsonMappingException mapping) {
      if (mapping.getCause() instanceof RegistryException registryException) {
        return registryException.getMessage();
      }
      return mapping.getPath().isEmpty() ? "the request body must be a JSON object"
          : "field '" + path(mapping) + "' has the wrong type or value";
    }
    return "malformed JSON at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ", column "
        + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage().split("\n")[0];
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) path.append('.');
        path.append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
