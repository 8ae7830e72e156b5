package com.modelregistry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.core.event.Events;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published contract of the registry's EventBridge events: {@code events/schemas/<kebab-detail-type>.json}
 * is a JSON Schema (draft 2020-12) of one detail-type's {@code detail}, and {@code events/<kebab-detail-type>.json}
 * a full sample event that consumers (and their tests) can start from. Checks that every detail-type the code
 * publishes has both, that each sample is valid, and that the schemas are strict enough to catch a mistake.
 */
public class EventSchemasTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RepositoryLayout REPO = RepositoryLayout.locate();
  private static final Path EVENTS = REPO.root().resolve("events");
  private static final Path SCHEMAS = EVENTS.resolve("schemas");
  private static final String SOURCE = "model-registry";

  /** The detail-types of the promotions design; Events (registry-core) must publish exactly these. */
  static final Set<String> DETAIL_TYPES = Set.of("Model Version Registered", "Model Version Ready",
      "Promotion Started", "Quality Gates Evaluated", "Model Version Stage Changed", "Shadow Deployment Requested",
      "Approval Requested", "Promotion Approved", "Promotion Rejected", "Canary Traffic Shifted",
      "Model Version Promoted", "Model Rolled Back", "Promotion Failed", "Promotion Cancelled", "Promotion Expired");

  /** Fields every detail has, in every schema alike; promotionId only when the change belongs to a promotion. */
  static final List<String> COMMON_FIELDS =
      List.of("eventId", "model", "modelId", "version", "revision", "promotionId", "at", "actor");

  /**
   * Detail-types published for changes outside a promotion (registration, verification, archiving, manual
   * rollback, a displaced version), with no promotionId then.
   */
  static final Set<String> OUTSIDE_PROMOTIONS = Set.of("Model Version Registered", "Model Version Ready",
      "Model Version Stage Changed", "Model Rolled Back");

  static String kebab(String detailType) {
    return detailType.toLowerCase(Locale.ROOT).replace(' ', '-');
  }

  static Stream<String> detailTypes() {
    return DETAIL_TYPES.stream().sorted();
  }

  @Test
  void everyDetailTypeHasASchemaAndASampleAndNothingElseDoes() {
    Set<String> expected = new TreeSet<>();
    DETAIL_TYPES.forEach(type -> expected.add(kebab(type) + ".json"));
    assertEquals(expected, jsonFiles(SCHEMAS), "files in events/schemas/");
    Set<String> samples = jsonFiles(EVENTS);
    samples.removeIf(name -> name.startsWith("api-")); // API Gateway fixtures of the handler tests
    assertEquals(expected, samples, "event samples in events/");
  }

  /** A detail-type published without a schema (or a schema for one never published) breaks the contract. */
  @Test
  void theDetailTypesAreExactlyTheOnesTheRegistryPublishes() throws Exception {
    Set<String> published = new TreeSet<>();
    for (Field field : Events.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        field.setAccessible(true);
        published.add((String) field.get(null));
      }
    }
    assertEquals(new TreeSet<>(DETAIL_TYPES), published, "detail-types in " + Events.class.getName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detailTypes")
  void theSchemaIsAStrictDraft202012SchemaOfTheDetail(String detailType) {
    JsonNode schema = read(SCHEMAS.resolve(kebab(detailType) + ".json"));

    Set<ValidationMessage> problems = metaSchema().validate(schema);
    assertTrue(problems.isEmpty(), "not a valid draft 2020-12 schema: " + problems);
    assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
    assertEquals(detailType, schema.path("title").asText(), "title names the detail-type");
    assertEquals("object", schema.path("type").asText());
    assertEquals(false, schema.path("additionalProperties").asBoolean(true),
        "additionalProperties false: an unknown field is a typo or an undocumented change");
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(name -> required.add(name.asText()));
    for (String field : COMMON_FIELDS) {
      assertTrue(schema.path("properties").has(field), "common field " + field);
      assertEquals(commonSchema().path("properties").path(field), schema.path("properties").path(field),
          field + " is defined as in the other schemas");
      assertTrue(required.contains(field) || field.equals("promotionId"), field + " is required");
    }
    assertEquals(!OUTSIDE_PROMOTIONS.contains(detailType), required.contains("promotionId"),
        "promotionId is required unless the event also happens outside a promotion");
    schema.path("required").forEach(name ->
        assertTrue(schema.path("properties").has(name.asText()), "required " + name + " is declared"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detailTypes")
  void theSampleIsAFullEventBridgeEventWhoseDetailMatchesTheSchema(String detailType) {
    JsonNode sample = read(EVENTS.resolve(kebab(detailType) + ".json"));

    Set<ValidationMessage> envelopeProblems = envelopeSchema().validate(sample);
    assertTrue(envelopeProblems.isEmpty(), "EventBridge envelope: " + envelopeProblems);
    assertEquals(detailType, sample.path("detail-type").asText());
    assertEquals(SOURCE, sample.path("source").asText());
    Set<ValidationMessage> problems = detailSchema(detailType).validate(sample.path("detail"));
    assertTrue(problems.isEmpty(), kebab(detailType) + ".json: " + problems);
  }

  static Stream<Arguments> brokenDetails() {
    return Stream.of(
        Arguments.of("Canary Traffic Shifted", "an undeclared field",
            (Consumer<ObjectNode>) d -> d.put("percentage", 10)),
        Arguments.of("Canary Traffic Shifted", "a missing required field",
            (Consumer<ObjectNode>) d -> d.remove("previousPercent")),
        Arguments.of("Canary Traffic Shifted", "a percent above 100",
            (Consumer<ObjectNode>) d -> d.put("percent", 101)),
        Arguments.of("Model Version Promoted", "a version as a string",
            (Consumer<ObjectNode>) d -> d.put("version", "4")),
        Arguments.of("Promotion Started", "a missing eventId",
            (Consumer<ObjectNode>) d -> d.remove("eventId")),
        Arguments.of("Promotion Started", "a promotion event without its promotionId",
            (Consumer<ObjectNode>) d -> d.remove("promotionId")),
        Arguments.of("Approval Requested", "a time that is not an ISO-8601 instant",
            (Consumer<ObjectNode>) d -> d.put("expiresAt", "tomorrow")),
        Arguments.of("Model Version Stage Changed", "an unknown stage",
            (Consumer<ObjectNode>) d -> d.put("toStage", "production")),
        Arguments.of("Promotion Approved", "a decision that is not APPROVE or REJECT",
            (Consumer<ObjectNode>) d -> ((ObjectNode) d.path("approvers").get(0)).put("decision", "OK")));
  }

  /** Proves the checks above can fail: each broken copy of a sample's detail must be rejected. */
  @ParameterizedTest(name = "{0}: rejects {1}")
  @MethodSource("brokenDetails")
  void theSchemasRejectBrokenDetails(String detailType, String what, Consumer<ObjectNode> breakIt) {
    ObjectNode detail = (ObjectNode) read(EVENTS.resolve(kebab(detailType) + ".json")).path("detail").deepCopy();
    assertTrue(detailSchema(detailType).validate(detail).isEmpty(), "the sample must be valid before breaking it");

    breakIt.accept(detail);

    assertFalse(detailSchema(detailType).validate(detail).isEmpty(), "the schema accepted " + what + ": " + detail);
  }

  @Test
  void eventsOutsideAPromotionMayLeaveOutThePromotionId() {
    for (String detailType : OUTSIDE_PROMOTIONS) {
      ObjectNode detail = (ObjectNode) read(EVENTS.resolve(kebab(detailType) + ".json")).path("detail").deepCopy();
      detail.remove("promotionId");
      assertTrue(detailSchema(detailType).validate(detail).isEmpty(), detailType + " without promotionId");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** What is wrong with a published event's detail by its schema (empty if valid): for end-to-end tests. */
  public static Set<String> problemsWith(String detailType, JsonNode detail) {
    Set<String> problems = new TreeSet<>();
    detailSchema(detailType).validate(detail).forEach(message -> problems.add(message.getMessage()));
    return problems;
  }

  private static JsonSchema detailSchema(String detailType) {
    Path file = SCHEMAS.resolve(kebab(detailType) + ".json");
    return factory().getSchema(SchemaLocation.of(file.toUri().toString()), read(file), config());
  }

  /** The common fields as the first schema (alphabetically) declares them: all must agree with it. */
  private static JsonNode commonSchema() {
    return read(SCHEMAS.resolve(kebab(detailTypes().findFirst().orElseThrow()) + ".json"));
  }

  private static JsonSchema metaSchema() {
    return factory().getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), config());
  }

  /** What EventBridge delivers around a detail (the fields of the sample in the EventBridge user guide). */
  private static JsonSchema envelopeSchema() {
    JsonNode schema = parse("""
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "required": ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"],
         "additionalProperties": false,
         "properties": {
           "version": {"const": "0"},
           "id": {"type": "string", "format": "uuid"},
           "detail-type": {"type": "string", "minLength": 1},
           "source": {"type": "string", "minLength": 1},
           "account": {"type": "string", "pattern": "^[0-9]{12}$"},
           "time": {"type": "string", "format": "date-time"},
           "region": {"type": "string", "pattern": "^[a-z]{2}(-[a-z]+)+-[0-9]$"},
           "resources": {"type": "array", "items": {"type": "string"}},
           "detail": {"type": "object"}}}""");
    return factory().getSchema(SchemaLocation.of("urn:eventbridge-envelope"), schema, config());
  }

  /** Offline, as TemplateTest's: meta-schemas come from the library's classpath copies, never the network. */
  private static JsonSchemaFactory factory() {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.schemaLoaders(loaders ->
        loaders.add(iri -> {
          String scheme = iri.getScheme();
          if ("http".equals(scheme) || "https".equals(scheme)) {
            throw new IllegalStateException("refusing to fetch " + iri + ": schema tests run offline");
          }
          return null;
        })));
  }

  /** Formats are assertions here (draft 2020-12 makes them annotations by default): "tomorrow" is no date-time. */
  private static SchemaValidatorsConfig config() {
    return SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  }

  private static Set<String> jsonFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      Set<String> names = new TreeSet<>();
      files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + file, e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
