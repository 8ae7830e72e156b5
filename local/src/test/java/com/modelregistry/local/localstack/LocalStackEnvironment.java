package com.modelregistry.local.localstack;

import com.modelregistry.aws.Config;
import com.modelregistry.local.TableProvisioner;
import com.modelregistry.local.sam.FunctionDefinition;
import com.modelregistry.local.sam.SamTemplate;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One LocalStack container (DynamoDB and S3) for all LocalStack ITs of the JVM, provisioned like the local
 * runtime provisions itself: the tables, GSIs, TTL and buckets of the repository's {@code template.yaml}
 * (via {@link SamTemplate} and {@link TableProvisioner}), under the same local names. Testcontainers'
 * reaper removes the container when the JVM exits.
 *
 * <p>The image is {@value #DEFAULT_IMAGE} unless {@code -Dlocalstack.image=...} names another;
 * {@code LOCALSTACK_AUTH_TOKEN} is passed on when set (newer images need it).
 */
final class LocalStackEnvironment {
  /** The last tag that starts without an auth token; the -Plocalstack profile passes the same default. */
  static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";
  /** The function whose environment (table and bucket names) the tests use, as the local runtime does. */
  static final String API_FUNCTION = "ApiFunction";

  private static LocalStackEnvironment shared;

  private final LocalStackContainer container;
  private final SamTemplate template;
  private final Config config;

  private LocalStackEnvironment(LocalStackContainer container, SamTemplate template, Config config) {
    this.container = container;
    this.template = template;
    this.config = config;
  }

  /** Starts and provisions the container on first use; later calls return the same one. */
  static synchronized LocalStackEnvironment shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static LocalStackEnvironment start() {
    String image = System.getProperty("localstack.image", "");
    DockerImageName imageName = DockerImageName.parse(image.isBlank() ? DEFAULT_IMAGE : image)
        .asCompatibleSubstituteFor("localstack/localstack");
    LocalStackContainer container = new LocalStackContainer(imageName).withServices("dynamodb", "s3");
    String authToken = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (authToken != null && !authToken.isBlank()) {
      container.withEnv("LOCALSTACK_AUTH_TOKEN", authToken);
    }
    container.start();
    try {
      SamTemplate template = SamTemplate.fromClasspath();
      LocalStackEnvironment environment =
          new LocalStackEnvironment(container, template, apiConfig(template, container.getRegion()));
      environment.provision();
      return environment;
    } catch (RuntimeException | Error e) {
      container.stop();
      throw e;
    }
  }

  /** The API function's Config as the local runtime's LocalFunction builds it from the template. */
  private static Config apiConfig(SamTemplate template, String region) {
    FunctionDefinition api = template.function(API_FUNCTION);
    Map<String, String> environment = new LinkedHashMap<>(api.environment());
    environment.put(Config.REGION_VARIABLE, region);
    environment.put("S3_FORCE_PATH_STYLE", "true"); // LocalStack's endpoint has no per-bucket host names
    return Config.fromEnvironment(environment);
  }

  private void provision() {
    try (DynamoDbClient dynamoDb = dynamoDb(); S3Client s3 = s3()) {
      TableProvisioner.provision(dynamoDb, template.tables());
      for (String bucket : template.bucketNames()) {
        s3.createBucket(request -> request.bucket(bucket));
      }
    }
  }

  /** LocalStack's single endpoint (all services), e.g. {@code http://localhost:32771}. */
  URI endpoint() {
    return container.getEndpoint();
  }

  String region() {
    return container.getRegion();
  }

  String accessKey() {
    return container.getAccessKey();
  }

  String secretKey() {
    return container.getSecretKey();
  }

  SamTemplate template() {
    return template;
  }

  /** The API function's configuration: table and bucket names from the template, LocalStack's region. */
  Config config() {
    return config;
  }

  /** A new DynamoDB client pointed at the container; the caller closes it. */
  DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(region()))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A new path-style S3 client pointed at the container; the caller closes it. */
  S3Client s3() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(region()))
        .credentialsProvider(credentials())
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A new path-style presigner whose URLs point at the container; the caller closes it. */
  S3Presigner s3Presigner() {
    return S3Presigner.builder()
        .endpointOverride(endpoint())
        .region(Region.of(region()))
        .credentialsProvider(credentials())
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  private StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey()));
  }
}
