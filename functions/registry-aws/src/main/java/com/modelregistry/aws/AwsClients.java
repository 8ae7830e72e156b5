package com.modelregistry.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The one place SDK clients are built: once per execution environment, explicit region, one HTTP
 * client shared by all of them. DynamoDB and S3 are built up front (every function uses them); Step
 * Functions, EventBridge, SES and Secrets Manager on first use, so a function pays only for the clients
 * it needs. Endpoints come from the SDK's own {@code AWS_ENDPOINT_URL*} environment variables or
 * {@code aws.endpointUrl*} system properties.
 */
public final class AwsClients implements AutoCloseable {
  private final SdkHttpClient http;
  private final Region region;
  private final DynamoDbClient dynamoDb;
  private final S3Client s3;
  private final S3Presigner s3Presigner;
  private final Lazy<SfnClient> stepFunctions;
  private final Lazy<EventBridgeClient> eventBridge;
  private final Lazy<SesV2Client> ses;
  private final Lazy<SecretsManagerClient> secretsManager;

  private AwsClients(Config config, DynamoDbClient dynamoDb, SdkHttpClient http) {
    this.http = http;
    this.region = Region.of(config.region());
    this.dynamoDb = dynamoDb;
    S3Configuration s3Configuration = S3Configuration.builder()
        .pathStyleAccessEnabled(config.s3ForcePathStyle())
        .build();
    this.s3 = S3Client.builder().region(region).httpClient(http).serviceConfiguration(s3Configuration).build();
    this.s3Presigner = S3Presigner.builder().region(region).serviceConfiguration(s3Configuration).build();
    this.stepFunctions = new Lazy<>(() -> SfnClient.builder().region(region).httpClient(http).build());
    this.eventBridge = new Lazy<>(() -> EventBridgeClient.builder().region(region).httpClient(http).build());
    this.ses = new Lazy<>(() -> SesV2Client.builder().region(region).httpClient(http).build());
    this.secretsManager = new Lazy<>(() -> SecretsManagerClient.builder().region(region).httpClient(http).build());
  }

  public static AwsClients create(Config config) {
    SdkHttpClient http = UrlConnectionHttpClient.create();
    DynamoDbClient dynamoDb = DynamoDbClient.builder().region(Region.of(config.region())).httpClient(http).build();
    return new AwsClients(config, dynamoDb, http);
  }

  /** Uses the given DynamoDB client (the local runtime passes DynamoDB Local's in-process one). */
  public static AwsClients withDynamoDb(Config config, DynamoDbClient dynamoDb) {
    return new AwsClients(config, dynamoDb, UrlConnectionHttpClient.create());
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  public S3Client s3() {
    return s3;
  }

  public S3Presigner s3Presigner() {
    return s3Presigner;
  }

  public SfnClient stepFunctions() {
    return stepFunctions.get();
  }

  public EventBridgeClient eventBridge() {
    return eventBridge.get();
  }

  public SesV2Client ses() {
    return ses.get();
  }

  public SecretsManagerClient secretsManager() {
    return secretsManager.get();
  }

  /** Closes the clients built here (not a DynamoDB client passed in by the local runtime's caller). */
  @Override
  public void close() {
    s3.close();
    s3Presigner.close();
    stepFunctions.closeIfBuilt();
    eventBridge.closeIfBuilt();
    ses.closeIfBuilt();
    secretsManager.closeIfBuilt();
    http.close();
  }

  /** Built on first use, once. */
  private static final class Lazy<T extends AutoCloseable> {
    private final Supplier<T> factory;
    private volatile T value;

    Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    T get() {
      T current = value;
      if (current == null) {
        synchronized (this) {
          if (value == null) {
            value = factory.get();
          }
          current = value;
        }
      }
      return current;
    }

    void closeIfBuilt() {
      T current = value;
      if (current != null) {
        try {
          current.close();
        } catch (Exception e) {
          // closing a client releases nothing we depend on
        }
      }
    }
  }
}
