package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.EnumSet;

/**
 * A Path of the Amazon States Language: JSONPath text beginning with {@code $} (applied to the state's
 * data) or {@code $$} (applied to the Context Object). Evaluated with Jayway JsonPath, the dialect AWS
 * Step Functions uses (its error texts, e.g. {@code No results for path: $['x']}, are Jayway's): a
 * definite path selects one value, an indefinite one ({@code [*]}, {@code ..}, filters, slices) selects an
 * array of the matches.
 */
public final class Path {

  public static final Path ROOT = parse("$");

  private static final Configuration JAYWAY = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
      .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
      .options(EnumSet.noneOf(com.jayway.jsonpath.Option.class))
      .build();

  private final String text;
  private final boolean context;
  private final JsonPath compiled;

  private Path(String text, boolean context, JsonPath compiled) {
    this.text = text;
    this.context = context;
    this.compiled = compiled;
  }

  /**
   * @throws IllegalArgumentException if the text is not a Path (the message says why)
   */
  public static Path parse(String text) {
    if (text == null || !text.startsWith("$")) {
      throw new IllegalArgumentException("a path must begin with '$'");
    }
    boolean context = text.startsWith("$$");
    String jsonPath = context ? text.substring(1) : text;
    try {
      return new Path(text, context, JsonPath.compile(jsonPath));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public String text() {
    return text;
  }

  /** Whether the path starts with {@code $$} and reads the Context Object. */
  public boolean isContextPath() {
    return context;
  }

  public boolean isRoot() {
    return "$".equals(text);
  }

  /**
   * Applies the path to the data, or to the Context Object for a {@code $$} path.
   *
   * @throws PathResolutionException if nothing matches (Jayway's message)
   */
  public JsonNode read(JsonNode data, JsonNode contextObject) {
    JsonNode document = context ? contextObject : data;
    if (isRoot()) {
      return document;
    }
    try {
      Object result = compiled.read(document, JAYWAY);
      return result instanceof JsonNode node ? node : Json.MAPPER.valueToTree(result);
    } catch (JsonPathException e) {
      throw new PathResolutionException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new PathResolutionException("can't apply the path to " + Json.typeName(document) + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
