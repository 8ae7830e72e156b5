package com.modelregistry.local;

import com.modelregistry.local.aws.AwsEndpoint;
import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.aws.AwsRestJsonService;
import com.modelregistry.local.events.LocalEventBridge;
import com.modelregistry.local.http.HttpApiFront;
import com.modelregistry.local.http.LocalAdminRoute;
import com.modelregistry.local.identity.Principals;
import com.modelregistry.local.lambda.LambdaInvoker;
import com.modelregistry.local.lambda.LocalFunction;
import com.modelregistry.local.lambda.TemplateLambdaInvoker;
import com.modelregistry.local.states.LocalClock;
import com.modelregistry.local.states.StepFunctionsService;
import com.modelregistry.local.mail.LocalSes;
import com.modelregistry.local.sam.FunctionDefinition;
import com.modelregistry.local.sam.LocalStack;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.TableDefinition;
import com.modelregistry.local.secrets.LocalSecretsManager;
import com.modelregistry.local.streams.StreamMappings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole registry on one machine: DynamoDB Local in-process, an S3 server, one AWS endpoint for the
 * SDK and the aws CLI (Step Functions, EventBridge, SES v2 and Secrets Manager, and whatever
 * {@link #registerAwsService} adds, like LocalStack's port 4566) and an HTTP API front that invokes the
 * template's functions in-process, all provisioned from the SAM template. The API port also serves the
 * runtime's own admin pages under {@code /_local/} (event log, dead letters, mail outbox).
 *
 * <pre>{@code
 * try (LocalRuntime registry = LocalRuntime.start(Options.defaults().withPort(0).withDataDir(dir))) {
 *   String token = registry.principals().byName("admin").orElseThrow().token();
 *   // call registry.baseUrl() + "/v1/..." with "Authorization: Bearer " + token
 * }
 * }</pre>
 *
 * The SDK is configured through JVM-wide system properties (region, credentials, the S3 endpoint and the
 * Step Functions, EventBridge, SES v2 and Secrets Manager endpoints), so run one runtime per JVM at a time.
 */
public final class LocalRuntime implements AutoCloseable {

  /**
   * The template parameter that, when declared, gets the runtime's own base URL (unless the user gives it a
   * value): the base of the approval links in mails.
   */
  public static final String APPROVAL_BASE_URL = "ApprovalBaseUrl";

  private final ResourceStack resources;
  private final Path dataDir;
  private final SamTemplate template;
  private final Principals principals;
  private final EmbeddedS3 s3;
  private final EmbeddedDynamoDb dynamoDb;
  private final List<LocalFunction> functions;
  private final HttpApiFront front;
  private final AwsEndpoint aws;
  private final TemplateLambdaInvoker templateFunctions;
  private final StepFunctionsService stepFunctions;
  private final LocalEventBridge eventBridge;
  private final LocalSes ses;
  private final LocalSecretsManager secrets;
  private final StreamMappings streams;

  private LocalRuntime(ResourceStack resources, Path dataDir, SamTemplate template,
      Principals principals, EmbeddedS3 s3, EmbeddedDynamoDb dynamoDb, List<LocalFunction> functions,
      HttpApiFront front, AwsEndpoint aws, TemplateLambdaInvoker templateFunctions, LocalEventBridge eventBridge,
      LocalSes ses, StepFunctionsService stepFunctions, LocalSecretsManager secrets, StreamMappings streams) {
    this.resources = resources;
    this.dataDir = dataDir;
    this.template = template;
    this.principals = principals;
    this.s3 = s3;
    this.dynamoDb = dynamoDb;
    this.functions = List.copyOf(functions);
    this.front = front;
    this.aws = aws;
    this.templateFunctions = templateFunctions;
    this.eventBridge = eventBridge;
    this.ses = ses;
    this.stepFunctions = stepFunctions;
    this.secrets = secrets;
    this.streams = streams;
  }

  /**
   * Locks the data directory, reads the template with the options' parameter overrides (an undeclared
   * parameter or a value its constraints refuse is a {@link com.modelregistry.local.sam.TemplateException}),
   * binds the API port and, if the template declares {@value #APPROVAL_BASE_URL} and the options give it no
   * value, sets that parameter to the runtime's {@link #baseUrl()}; starts S3 and DynamoDB, provisions the
   * template's tables (with their streams), buckets and secrets, instantiates every function that has HttpApi
   * events, starts the AWS endpoint with Secrets Manager, Step Functions, EventBridge (the template's buses and
   * rules) and SES v2, starts serving, and starts reading the table streams of the functions' DynamoDB events.
   * On failure everything started so far is closed again.
   *
   * @throws IllegalStateException with a message for the user, e.g. "another registry is running on DIR"
   */
  public static LocalRuntime start(Options options) {
    return start(options, null);
  }

  /**
   * Like {@link #start(Options)}, with {@code lambdas} invoking the Lambda targets of EventBridge rules
   * instead of the template's own functions (null: the template's functions), e.g. a test double.
   */
  public static LocalRuntime start(Options options, LambdaInvoker lambdas) {
    return start(options, lambdas, LocalClock.system());
  }

  /**
   * As {@link #start(Options, LambdaInvoker)}, with the clock Step Functions runs on: tests pass
   * {@link LocalClock#fixed} and {@link LocalClock#advance} it, so Wait states and retries take no time.
   */
  public static LocalRuntime start(Options options, LambdaInvoker lambdas, LocalClock stepFunctionsClock) {
    Path dataDir = options.dataDir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("can't create the data directory " + dataDir, e);
    }
    ResourceStack resources = new ResourceStack();
    try {
      resources.push(DataDirectoryLock.acquire(dataDir));
      SamTemplate declared = (options.templateFile() == null
          ? SamTemplate.fromClasspath() : SamTemplate.load(options.templateFile()))
          .withParameterOverrides(options.parameterOverrides());
      // Listen first: with port 0 the runtime learns its own URL here, before functions are made from the template.
      HttpApiFront front = resources.push(HttpApiFront.bind(options.host(), options.port()));
      SamTemplate unprovisioned = withOwnBaseUrl(declared, front.baseUrl());
      // Read everything first: a template or principals mistake fails before anything starts.
      List<TableDefinition> tables = unprovisioned.tables();
      unprovisioned.functions();
      LocalEventBridge.checkTemplate(unprovisioned);
      LocalSecretsManager.checkTemplate(unprovisioned);
      Principals principals = options.principalsFile() == null
          ? Principals.loadOrGenerate(dataDir) : Principals.load(options.principalsFile());
      AwsEndpoint aws = resources.push(AwsEndpoint.start(options.awsPort()));
      EmbeddedS3 s3 = resources.push(EmbeddedS3.start(dataDir.resolve("s3"), options.s3Port()));
      configureSdk(s3.endpoint(), aws.uri());
      EmbeddedDynamoDb dynamoDb = resources.push(
          EmbeddedDynamoDb.start(dataDir.resolve("dynamodb"), dataDir.resolve("native")));
      // From here on !GetAtt Table.StreamArn names the stream DynamoDB Local made.
      SamTemplate template = unprovisioned.withStreamLabels(dynamoDb.provision(tables));
      List<FunctionDefinition> apiFunctions =
          template.functions().stream().filter(function -> !function.routes().isEmpty()).toList();
      s3.createBuckets(template.bucketNames());
      Clock clock = Clock.systemUTC();
      // Before any function: a handler may read its secrets while it starts.
      LocalSecretsManager secrets = LocalSecretsManager.start(dataDir.resolve("secrets"), template, clock);
      aws.register(secrets.service());
      List<LocalFunction> functions = new ArrayList<>();
      for (FunctionDefinition definition : apiFunctions) {
        functions.add(resources.push(LocalFunction.create(definition, dynamoDb.client())));
      }
      TemplateLambdaInvoker templateFunctions = resources.push(new TemplateLambdaInvoker(template, dynamoDb.client()));
      LocalEventBridge eventBridge = resources.push(LocalEventBridge.start(dataDir.resolve("events"), template,
          lambdas != null ? lambdas : templateFunctions, aws, clock));
      LocalSes ses = LocalSes.start(dataDir.resolve("mail"), clock);
      StepFunctionsService stepFunctions = resources.push(StepFunctionsService.start(dataDir.resolve("stepfunctions"),
          lambdas != null ? lambdas : templateFunctions, stepFunctionsClock));
      stepFunctions.provision(template);
      aws.register(stepFunctions);
      aws.register(eventBridge.service());
      aws.register(ses.service());
      // Closed before everything a function may call (EventBridge, Step Functions, DynamoDB) goes away.
      StreamMappings streams = resources.push(StreamMappings.create(dataDir.resolve("streams"), template,
          dynamoDb.client(), dynamoDb.streamsClient(), lambdas != null ? lambdas : templateFunctions, clock));
      dynamoDb.onAccess(streams);
      List<LocalAdminRoute> adminRoutes = new ArrayList<>(eventBridge.adminRoutes());
      adminRoutes.addAll(ses.adminRoutes());
      adminRoutes.addAll(streams.adminRoutes());
      front.serve(functions, principals, adminRoutes);
      resources.push(front); // again: on close, stop serving before the services behind it go away
      streams.start();
      return new LocalRuntime(resources, dataDir, template, principals, s3, dynamoDb, functions, front,
          aws, templateFunctions, eventBridge, ses, stepFunctions, secrets, streams);
    } catch (RuntimeException | Error e) {
      try {
        resources.close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /**
   * {@code template} with its {@value #APPROVAL_BASE_URL} parameter set to the runtime's own base URL, so
   * that links in mails lead to this runtime; unchanged if the template does not declare the parameter or
   * the user gave it a value.
   */
  static SamTemplate withOwnBaseUrl(SamTemplate template, String baseUrl) {
    if (!template.declaresParameter(APPROVAL_BASE_URL) || template.parameterOverrides().containsKey(APPROVAL_BASE_URL)) {
      return template;
    }
    return template.withLocalDefaults(Map.of(APPROVAL_BASE_URL, baseUrl));
  }

  /**
   * The SDK's standard settings, read when clients are built: handlers need no local-only code. The
   * Step Functions, EventBridge and SES v2 clients go to the AWS endpoint through
   * {@link AwsEndpoint#SDK_ENDPOINT_PROPERTIES}.
   */
  private static void configureSdk(URI s3Endpoint, URI awsEndpoint) {
    System.setProperty("aws.region", LocalStack.REGION);
    System.setProperty("aws.accessKeyId", LocalCredentials.ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", LocalCredentials.SECRET_ACCESS_KEY);
    System.setProperty("aws.endpointUrlS3", s3Endpoint.toString());
    for (String property : AwsEndpoint.SDK_ENDPOINT_PROPERTIES) {
      System.setProperty(property, awsEndpoint.toString());
    }
  }


  /** e.g. {@code http://127.0.0.1:8080} (a wildcard host is shown as 127.0.0.1). */
  public String baseUrl() {
    return front.baseUrl();
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

  /** The one AWS endpoint for the SDK and the aws CLI, e.g. {@code http://127.0.0.1:4566}. */
  public URI awsEndpoint() {
    return aws.uri();
  }

  /** The display names of the services on {@link #awsEndpoint()}, e.g. [EventBridge, SES v2]. */
  public List<String> awsServiceNames() {
    return aws.serviceNames();
  }

  /**
   * Serves another JSON-protocol service on {@link #awsEndpoint()} (e.g. Step Functions, target prefix
   * {@code AWSStepFunctions}); EventBridge's state machine targets find it there too.
   *
   * @throws IllegalStateException if its target prefix is taken
   */
  public void registerAwsService(AwsJsonService service) {
    aws.register(service);
  }

  /** Serves another REST-JSON service on {@link #awsEndpoint()}. */
  public void registerAwsService(AwsRestJsonService service) {
    aws.register(service);
  }

  /**
   * Invokes any of the template's functions in-process by ARN or name, as Lambda's Invoke would: what
   * EventBridge's Lambda targets use (unless {@link #start(Options, LambdaInvoker)} got another), and
   * what a Step Functions service should use for its Task states.
   */
  public LambdaInvoker templateFunctions() {
    return templateFunctions;
  }

  /** The local EventBridge (buses, event log, deliveries). */
  public LocalEventBridge eventBridge() {
    return eventBridge;
  }

  /** The local SES v2 (its outbox). */
  public LocalSes ses() {
    return ses;
  }

  /** The local Secrets Manager: the template's secrets. */
  public LocalSecretsManager secrets() {
    return secrets;
  }

  /**
   * Lambda's event source mappings for the template's DynamoDB streams: their pollers, checkpoints
   * ({@code <data-dir>/streams/checkpoints.json}) and {@code GET /_local/streams}.
   */
  public StreamMappings streams() {
    return streams;
  }

  /** The local Step Functions service: the template's state machines, executions, task tokens. */
  public StepFunctionsService stepFunctions() {
    return stepFunctions;
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

  /**
   * Stops serving and closes the stream pollers (no function is invoked after this), event deliveries, the AWS
   * endpoint, S3, DynamoDB and the data directory lock.
   */
  @Override
  public void close() {
    resources.close();
  }
}
