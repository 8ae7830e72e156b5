package com.modelregistry.local;

import com.modelregistry.local.http.HttpApiFront;
import com.modelregistry.local.identity.Principals;
import com.modelregistry.local.lambda.LocalFunction;
import com.modelregistry.local.sam.FunctionDefinition;
import com.modelregistry.local.sam.LocalStack;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole registry on one machine: DynamoDB Local in-process, an S3 server and an HTTP API front that
 * invokes the template's functions in-process, all provisioned from the SAM template.
 *
 * <pre>{@code
 * try (LocalRuntime registry = LocalRuntime.start(Options.defaults().withPort(0).withDataDir(dir))) {
 *   String token = registry.principals().byName("admin").orElseThrow().token();
 *   // call registry.baseUrl() + "/v1/..." with "Authorization: Bearer " + token
 * }
 * }</pre>
 *
 * The SDK is configured through JVM-wide system properties (region, credentials, S3 endpoint), so run
 * one runtime per JVM at a time.
 */
public final class LocalRuntime implements AutoCloseable {

  private final ResourceStack resources;
  private final String host;
  private final Path dataDir;
  private final SamTemplate template;
  private final Principals principals;
  private final EmbeddedS3 s3;
  private final EmbeddedDynamoDb dynamoDb;
  private final List<LocalFunction> functions;
  private final HttpApiFront front;

  private LocalRuntime(ResourceStack resources, String host, Path dataDir, SamTemplate template,
      Principals principals, EmbeddedS3 s3, EmbeddedDynamoDb dynamoDb, List<LocalFunction> functions,
      HttpApiFront front) {
    this.resources = resources;
    this.host = host;
    this.dataDir = dataDir;
    this.template = template;
    this.principals = principals;
    this.s3 = s3;
    this.dynamoDb = dynamoDb;
    this.functions = List.copyOf(functions);
    this.front = front;
  }

  /**
   * Locks the data directory, reads the template with the options' parameter overrides (an undeclared
   * parameter or a value its constraints refuse is a {@link com.modelregistry.local.sam.TemplateException}),
   * starts S3 and DynamoDB, provisions the template's tables and buckets,
   * instantiates every function that has HttpApi events and starts serving. On failure everything
   * started so far is closed again.
   *
   * @throws IllegalStateException with a message for the user, e.g. "another registry is running on DIR"
   */
  public static LocalRuntime start(Options options) {
    Path dataDir = options.dataDir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("can't create the data directory " + dataDir, e);
    }
    ResourceStack resources = new ResourceStack();
    try {
      resources.push(DataDirectoryLock.acquire(dataDir));
      SamTemplate template = (options.templateFile() == null
          ? SamTemplate.fromClasspath() : SamTemplate.load(options.templateFile()))
          .withParameterOverrides(options.parameterOverrides());
      // Read everything first: a template or principals mistake fails before anything starts.
      List<TableDefinition> tables = template.tables();
      List<FunctionDefinition> apiFunctions =
          template.functions().stream().filter(function -> !function.routes().isEmpty()).toList();
      Principals principals = options.principalsFile() == null
          ? Principals.loadOrGenerate(dataDir) : Principals.load(options.principalsFile());
      EmbeddedS3 s3 = resources.push(EmbeddedS3.start(dataDir.resolve("s3"), options.s3Port()));
      configureSdk(s3.endpoint());
      EmbeddedDynamoDb dynamoDb = resources.push(
          EmbeddedDynamoDb.start(dataDir.resolve("dynamodb"), dataDir.resolve("native")));
      dynamoDb.provision(tables);
      s3.createBuckets(template.bucketNames());
      List<LocalFunction> functions = new ArrayList<>();
      for (FunctionDefinition definition : apiFunctions) {
        functions.add(resources.push(LocalFunction.create(definition, dynamoDb.client())));
      }
      HttpApiFront front = resources.push(HttpApiFront.start(options.host(), options.port(), functions, principals));
      return new LocalRuntime(resources, options.host(), dataDir, template, principals, s3, dynamoDb, functions, front);
    } catch (RuntimeException | Error e) {
      try {
        resources.close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /** The SDK's standard settings, read when clients are built: handlers need no local-only code. */
  private static void configureSdk(URI s3Endpoint) {
    System.setProperty("aws.region", LocalStack.REGION);
    System.setProperty("aws.accessKeyId", LocalCredentials.ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", LocalCredentials.SECRET_ACCESS_KEY);
    System.setProperty("aws.endpointUrlS3", s3Endpoint.toString());
  }

  /** e.g. {@code http://127.0.0.1:8080} (a wildcard host is shown as 127.0.0.1). */
  public String baseUrl() {
    String shownHost = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1"
        : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shownHost + ":" + apiPort();
  }

  public int apiPort() {
    return front.port();
  }

  public int s3Port() {
    return s3.port();
  }

  public URI s3Endpoint() {
    return s3.endpoint();
  }

  public Path dataDir() {
    return dataDir;
  }

  public Principals principals() {
    return principals;
  }

  public SamTemplate template() {
    return template;
  }

  /** The in-process DynamoDB Local client the functions use. */
  public DynamoDbClient dynamoDb() {
    return dynamoDb.client();
  }

  /** A function the API serves, by logical id (e.g. "ApiFunction"): its Config, clients and handler. */
  public LocalFunction function(String logicalId) {
    return functions.stream().filter(function -> function.definition().logicalId().equals(logicalId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no function with HttpApi events named " + logicalId));
  }

  /** Stops serving and closes S3, DynamoDB and the data directory lock. */
  @Override
  public void close() {
    resources.close();
  }
}
