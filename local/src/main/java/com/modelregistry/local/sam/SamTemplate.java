package com.modelregistry.local.sam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * The SAM template as the local runtime sees it: tables, buckets and functions with their environment
 * and HTTP API routes, intrinsics resolved to local names. Provisioning from the template itself keeps
 * local and AWS from drifting apart.
 */
public final class SamTemplate {

  /** Where the build puts the repository's template.yaml inside the jar. */
  public static final String CLASSPATH_RESOURCE = "sam/template.yaml";

  private static final String TABLE = "AWS::DynamoDB::Table";
  private static final String BUCKET = "AWS::S3::Bucket";
  private static final String FUNCTION = "AWS::Serverless::Function";
  private static final List<String> STREAM_VIEW_TYPES = List.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");

  private final String source;
  private final Map<String, Object> root;
  private final Map<String, Map<String, Object>> resources;
  private final Map<String, Object> globals;
  private final TemplateParameters parameters;
  private final Map<String, String> streamLabels;
  private final IntrinsicResolver resolver;

  private SamTemplate(String source, Map<String, Object> root, Map<String, String> parameterOverrides,
      Map<String, String> localDefaults, Map<String, String> streamLabels) {
    this.source = source;
    this.root = root;
    this.resources = new LinkedHashMap<>();
    map(root.get("Resources"), "Resources")
        .forEach((logicalId, resource) -> resources.put(logicalId, map(resource, logicalId)));
    this.globals = map(root.get("Globals"), "Globals");
    this.parameters = TemplateParameters.of(map(root.get("Parameters"), "Parameters"), parameterOverrides, localDefaults);
    this.streamLabels = Map.copyOf(streamLabels);
    this.resolver = new IntrinsicResolver(parameters, new LocalResourceNames(resources, this.streamLabels));
  }

  /** The template packaged into the jar from the repository root. */
  public static SamTemplate fromClasspath() {
    try (InputStream in = SamTemplate.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new TemplateException("no SAM template on the classpath at " + CLASSPATH_RESOURCE
            + ": build with template.yaml at the repository root, or pass --template FILE");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), CLASSPATH_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SamTemplate load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new TemplateException("template " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("can't read template " + file, e);
    }
  }

  public static SamTemplate parse(String yaml, String source) {
    try {
      return new SamTemplate(source, CloudFormationYaml.parse(yaml), Map.of(), Map.of(), Map.of());
    } catch (TemplateException e) {
      throw new TemplateException(source, e);
    } catch (RuntimeException e) {
      throw new TemplateException(source + ": not a valid template: " + e.getMessage());
    }
  }

  /**
   * This template with values for its Parameters instead of their Defaults, like
   * {@code sam deploy --parameter-overrides}; replaces earlier overrides.
   *
   * @throws TemplateException if the template declares no parameter of an override's name (the message
   *     lists the declared ones), or a value breaks its parameter's Type, MinValue/MaxValue,
   *     MinLength/MaxLength, AllowedValues or AllowedPattern
   */
  public SamTemplate withParameterOverrides(Map<String, String> overrides) {
    try {
      return new SamTemplate(source, root, overrides, parameters.localDefaults(), streamLabels);
    } catch (TemplateException e) {
      throw new TemplateException(source, e);
    }
  }

  /**
   * This template with values the local runtime gives parameters in place of their Defaults (e.g. its own
   * URL for {@code ApprovalBaseUrl}); a user's override still wins. Unlike overrides, they are not shown as
   * the user's ({@link #parameterOverrides()}). Replaces earlier local defaults.
   *
   * @throws TemplateException as for {@link #withParameterOverrides}
   */
  public SamTemplate withLocalDefaults(Map<String, String> localDefaults) {
    try {
      return new SamTemplate(source, root, parameters.overrides(), localDefaults, streamLabels);
    } catch (TemplateException e) {
      throw new TemplateException(source, e);
    }
  }

  /**
   * This template with the labels DynamoDB gave the tables' streams (by table name, e.g. {@code ModelsTable} →
   * {@code 2026-11-23T07:33:22.130}), so that {@code !GetAtt Table.StreamArn} resolves to the stream the
   * runtime provisioned; before, it has the label {@link LocalStack#UNPROVISIONED_STREAM_LABEL}. Replaces
   * earlier labels.
   */
  public SamTemplate withStreamLabels(Map<String, String> labels) {
    return new SamTemplate(source, root, parameters.overrides(), parameters.localDefaults(), labels);
  }

  /** The value a Ref to the parameter {@code name} resolves to: the override, the local default or the Default. */
  public String parameterValue(String name) {
    if (!parameters.declares(name)) {
      throw new TemplateException(source + ": no parameter named " + name);
    }
    return resolve(Map.of("Ref", name));
  }

  /** Whether the template's Parameters declare {@code name}. */
  public boolean declaresParameter(String name) {
    return parameters.declares(name);
  }

  /** The parameter values given with {@link #withParameterOverrides}, in the order given. */
  public Map<String, String> parameterOverrides() {
    return parameters.overrides();
  }

  /** The overrides as a banner may show them: values of NoEcho parameters masked. */
  public Map<String, String> parameterOverridesForDisplay() {
    Map<String, String> shown = new LinkedHashMap<>();
    parameters.overrides().forEach((name, value) -> shown.put(name, parameters.isNoEcho(name) ? "****" : value));
    return shown;
  }

  /** Where the template came from (a file path or the classpath resource). */
  public String source() {
    return source;
  }

  public List<TableDefinition> tables() {
    List<TableDefinition> tables = new ArrayList<>();
    resourcesOfType(TABLE).forEach((logicalId, properties) ->
        tables.add(inContext(logicalId, () -> table(logicalId, properties))));
    return tables;
  }

  /** The local names of the template's buckets. */
  public List<String> bucketNames() {
    return resourcesOfType(BUCKET).keySet().stream().map(LocalStack::bucketName).toList();
  }

  public List<FunctionDefinition> functions() {
    List<FunctionDefinition> functions = new ArrayList<>();
    resourcesOfType(FUNCTION).forEach((logicalId, properties) ->
        functions.add(inContext(logicalId, () -> function(logicalId, properties))));
    return functions;
  }

  public FunctionDefinition function(String logicalId) {
    return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
        .orElseThrow(() -> new TemplateException(source + ": no " + FUNCTION + " named " + logicalId));
  }

  /**
   * The Properties of every resource of a CloudFormation/SAM {@code type} (e.g. {@code AWS::Events::Rule}),
   * by logical id in template order, intrinsics not yet resolved: read values with {@link #resolve(Object)}.
   */
  public Map<String, Map<String, Object>> resourceProperties(String type) {
    Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
    resourcesOfType(type).forEach((logicalId, values) -> properties.put(logicalId, Map.copyOf(values)));
    return properties;
  }

  /**
   * A template value as a local string: literals, {@code Ref}, {@code Fn::GetAtt X.Arn}, {@code Fn::Sub}
   * and {@code Fn::Join}, resolved like every other value of this template.
   *
   * @throws TemplateException for anything else
   */
  public String resolve(Object value) {
    return resolver.resolve(value);
  }

  private <T> T inContext(String logicalId, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (TemplateException e) {
      throw new TemplateException(source + ": " + logicalId, e);
    }
  }

  private Map<String, Map<String, Object>> resourcesOfType(String type) {
    Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
    resources.forEach((logicalId, resource) -> {
      if (type.equals(resource.get("Type"))) {
        properties.put(logicalId, map(resource.get("Properties"), logicalId + ".Properties"));
      }
    });
    return properties;
  }

  private TableDefinition table(String logicalId, Map<String, Object> properties) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (Object element : list(properties.get("AttributeDefinitions"), "AttributeDefinitions")) {
      Map<String, Object> attribute = map(element, "AttributeDefinitions[]");
      attributes.add(AttributeDefinition.builder()
          .attributeName(string(attribute, "AttributeName"))
          .attributeType(string(attribute, "AttributeType"))
          .build());
    }
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (Object element : list(properties.get("GlobalSecondaryIndexes"), "GlobalSecondaryIndexes")) {
      Map<String, Object> index = map(element, "GlobalSecondaryIndexes[]");
      Map<String, Object> projection = map(index.get("Projection"), "Projection");
      List<String> nonKeyAttributes = new ArrayList<>();
      for (Object attribute : list(projection.get("NonKeyAttributes"), "NonKeyAttributes")) {
        nonKeyAttributes.add(resolver.resolve(attribute));
      }
      indexes.add(GlobalSecondaryIndex.builder()
          .indexName(string(index, "IndexName"))
          .keySchema(keySchema(index))
          .projection(Projection.builder()
              .projectionType(projection.containsKey("ProjectionType") ? string(projection, "ProjectionType") : "ALL")
              .nonKeyAttributes(nonKeyAttributes.isEmpty() ? null : nonKeyAttributes)
              .build())
          .build());
    }
    Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"), "TimeToLiveSpecification");
    boolean ttlEnabled = ttl.containsKey("Enabled") && Boolean.parseBoolean(string(ttl, "Enabled"));
    return new TableDefinition(logicalId, keySchema(properties), attributes, indexes,
        ttlEnabled ? string(ttl, "AttributeName") : null, streamViewType(properties));
  }

  /** StreamSpecification's StreamViewType, or null without a StreamSpecification. */
  private String streamViewType(Map<String, Object> properties) {
    if (properties.get("StreamSpecification") == null) {
      return null;
    }
    Map<String, Object> stream = map(properties.get("StreamSpecification"), "StreamSpecification");
    String viewType = string(stream.get("StreamViewType"), "StreamSpecification.StreamViewType");
    if (!STREAM_VIEW_TYPES.contains(viewType)) {
      throw new TemplateException("StreamSpecification.StreamViewType must be one of " + STREAM_VIEW_TYPES
          + ", got '" + viewType + "'");
    }
    return viewType;
  }

  private List<KeySchemaElement> keySchema(Map<String, Object> owner) {
    List<KeySchemaElement> keySchema = new ArrayList<>();
    for (Object element : list(owner.get("KeySchema"), "KeySchema")) {
      Map<String, Object> key = map(element, "KeySchema[]");
      keySchema.add(KeySchemaElement.builder()
          .attributeName(string(key, "AttributeName"))
          .keyType(string(key, "KeyType"))
          .build());
    }
    if (keySchema.isEmpty()) {
      throw new TemplateException("KeySchema is missing");
    }
    return keySchema;
  }

  private FunctionDefinition function(String logicalId, Map<String, Object> properties) {
    Map<String, Object> global = map(globals.get("Function"), "Globals.Function");
    String handler = string(firstPresent(properties, global, "Handler"), "Handler");
    Object codeUri = firstPresent(properties, global, "CodeUri");
    Object timeout = firstPresent(properties, global, "Timeout");
    Object memorySize = firstPresent(properties, global, "MemorySize");
    Map<String, Object> variables = new LinkedHashMap<>(environmentVariables(global));
    variables.putAll(environmentVariables(properties));
    Map<String, String> environment = new LinkedHashMap<>();
    variables.forEach((name, value) -> {
      try {
        environment.put(name, resolver.resolve(value));
      } catch (TemplateException e) {
        throw new TemplateException("environment variable " + name, e);
      }
    });
    Map<String, Object> events = map(properties.get("Events"), "Events");
    return new FunctionDefinition(logicalId, handler, codeUri == null ? null : String.valueOf(codeUri),
        environment, routes(events),
        timeout == null ? 3 : positiveInt(timeout, "Timeout"),
        memorySize == null ? 128 : positiveInt(memorySize, "MemorySize"),
        new StreamEvents(this::string, this::tableHasStream).read(logicalId, events));
  }

  /** Whether {@code tableName} is a table of this template with a StreamSpecification. */
  private boolean tableHasStream(String tableName) {
    Map<String, Object> resource = resources.get(tableName);
    return resource != null && TABLE.equals(resource.get("Type"))
        && map(resource.get("Properties"), tableName + ".Properties").get("StreamSpecification") != null;
  }

  private static Object firstPresent(Map<String, Object> properties, Map<String, Object> global, String key) {
    return properties.containsKey(key) ? properties.get(key) : global.get(key);
  }

  private static Map<String, Object> environmentVariables(Map<String, Object> owner) {
    return map(map(owner.get("Environment"), "Environment").get("Variables"), "Environment.Variables");
  }

  private List<HttpRoute> routes(Map<String, Object> events) {
    List<HttpRoute> routes = new ArrayList<>();
    events.forEach((eventName, value) -> {
      Map<String, Object> event = map(value, "Events." + eventName);
      if (!"HttpApi".equals(event.get("Type"))) {
        return;
      }
      Map<String, Object> properties = map(event.get("Properties"), "Events." + eventName + ".Properties");
      String authorizer = (String) map(properties.get("Auth"), "Auth").get("Authorizer");
      String defaultAuthorizer = defaultAuthorizer(properties.get("ApiId"));
      boolean authorizationRequired = authorizer != null
          ? !"NONE".equals(authorizer)
          : defaultAuthorizer != null && !"NONE".equals(defaultAuthorizer);
      Object path = properties.get("Path");
      Object method = properties.get("Method");
      if ((path == null) != (method == null)) {
        throw new TemplateException("event " + eventName + " needs both Path and Method, or neither ($default)");
      }
      routes.add(path == null
          ? new HttpRoute(null, null, authorizationRequired)
          : new HttpRoute(resolver.resolve(method).toUpperCase(Locale.ROOT), resolver.resolve(path), authorizationRequired));
    });
    return routes;
  }

  /** The DefaultAuthorizer of the referenced HttpApi, or of Globals.HttpApi (SAM applies Globals to every HttpApi). */
  private String defaultAuthorizer(Object apiId) {
    Map<String, Object> apiAuth = Map.of();
    if (apiId != null) {
      if (!(apiId instanceof Map<?, ?> ref) || !(ref.get("Ref") instanceof String apiLogicalId)
          || !resources.containsKey(apiLogicalId)) {
        throw new TemplateException("ApiId must be a Ref to an AWS::Serverless::HttpApi of this template, got " + apiId);
      }
      apiAuth = map(map(resources.get(apiLogicalId).get("Properties"), apiLogicalId).get("Auth"), "Auth");
    }
    Object defaultAuthorizer = apiAuth.get("DefaultAuthorizer");
    if (defaultAuthorizer == null) {
      defaultAuthorizer = map(map(globals.get("HttpApi"), "Globals.HttpApi").get("Auth"), "Auth").get("DefaultAuthorizer");
    }
    return defaultAuthorizer == null ? null : String.valueOf(defaultAuthorizer);
  }

  private int positiveInt(Object value, String key) {
    String text = string(value, key);
    try {
      int parsed = Integer.parseInt(text);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TemplateException(key + " must be a positive integer, got '" + text + "'");
  }

  private String string(Map<String, Object> owner, String key) {
    return string(owner.get(key), key);
  }

  private String string(Object value, String key) {
    if (value == null) {
      throw new TemplateException(key + " is missing");
    }
    try {
      return resolver.resolve(value);
    } catch (TemplateException e) {
      throw new TemplateException(key, e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String what) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw new TemplateException(what + " must be a mapping");
    }
    return (Map<String, Object>) value;
  }

  static List<?> list(Object value, String what) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new TemplateException(what + " must be a list");
    }
    return list;
  }
}
