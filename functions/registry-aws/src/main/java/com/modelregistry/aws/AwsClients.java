package com.modelregistry.aws;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The one place SDK clients are built: once per execution environment, explicit region, one HTTP
 * client shared by all of them. Endpoints come from the SDK's own {@code AWS_ENDPOINT_URL*}
 * environment variables or {@code aws.endpointUrl*} system properties.
 */
public record AwsClients(DynamoDbClient dynamoDb, S3Client s3, S3Presigner s3Presigner) {

  public static AwsClients create(Config config) {
    SdkHttpClient http = UrlConnectionHttpClient.create();
    Region region = Region.of(config.region());
    DynamoDbClient dynamoDb = DynamoDbClient.builder().region(region).httpClient(http).build();
    return withDynamoDb(config, dynamoDb, http);
  }

  /** Uses the given DynamoDB client (the local runtime passes DynamoDB Local's in-process one). */
  public static AwsClients withDynamoDb(Config config, DynamoDbClient dynamoDb) {
    return withDynamoDb(config, dynamoDb, UrlConnectionHttpClient.create());
  }

  private static AwsClients withDynamoDb(Config config, DynamoDbClient dynamoDb, SdkHttpClient http) {
    Region region = Region.of(config.region());
    S3Configuration s3Configuration = S3Configuration.builder()
        .pathStyleAccessEnabled(config.s3ForcePathStyle())
        .build();
    S3Client s3 = S3Client.builder().region(region).httpClient(http).serviceConfiguration(s3Configuration).build();
    S3Presigner presigner = S3Presigner.builder().region(region).serviceConfiguration(s3Configuration).build();
    return new AwsClients(dynamoDb, s3, presigner);
  }
}
