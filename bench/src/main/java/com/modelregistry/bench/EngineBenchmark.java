package com.modelregistry.bench;

import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The cost of the storage primitives a request is made of, on the local runtime's engines (DynamoDB
 * Local in-process, the embedded S3 server, the local EventBridge), through the same SDK clients the
 * handler uses. Explains where {@link RegistryBenchmark}'s milliseconds go.
 *
 * <pre>
 * java -cp local/target/model-registry-local.jar:bench/target/bench-0.1.0-SNAPSHOT.jar \
 *   com.modelregistry.bench.EngineBenchmark [samples]
 * </pre>
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  private interface Operation {
    void run(int i);
  }

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    try (LocalRuntime registry = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0)
        .withDataDir(Files.createTempDirectory("engine-bench")))) {
      var api = registry.function("ApiFunction");
      DynamoDbClient dynamoDb = api.clients().dynamoDb();
      String table = api.config().modelsTable();
      String bucket = api.config().artifactsBucket();
      String bus = api.config().eventBusName();
      Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("bench"), "SK", AttributeValue.fromS("missing"));
      System.out.printf(Locale.ROOT, "| primitive | n | mean ms |%n|---|---:|---:|%n");
      for (int round = 0; round < 2; round++) {
        boolean report = round == 1; // the first round warms up
        measure(report, "DynamoDB GetItem (consistent)", samples,
            i -> dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true)));
        measure(report, "DynamoDB PutItem", samples, i -> dynamoDb.putItem(r -> r.tableName(table)
            .item(Map.of("PK", AttributeValue.fromS("bench-put-" + round(i, report)), "SK", AttributeValue.fromS("x")))));
        measure(report, "DynamoDB TransactWriteItems, 3 puts", samples, i -> dynamoDb.transactWriteItems(r -> r.transactItems(
            put(table, "bench-tx-" + round(i, report), "a"), put(table, "bench-tx-" + round(i, report), "b"),
            put(table, "bench-tx-" + round(i, report), "c"))));
        measure(report, "S3 HeadObject (missing key)", samples, i -> {
          try {
            api.clients().s3().headObject(r -> r.bucket(bucket).key("bench/missing"));
          } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException expected) {
            // the registry's "not uploaded yet" path
          }
        });
        measure(report, "S3 presign PUT with checksum (no I/O)", samples, i -> api.clients().s3Presigner()
            .presignPutObject(p -> p.signatureDuration(Duration.ofHours(1)).putObjectRequest(
                o -> o.bucket(bucket).key("bench/k").checksumSHA256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="))));
        // What every promotion step does after its transaction (EventBridgePublisher); no rule delivers this type.
        measure(report, "EventBridge PutEvents, 1 event", samples, i -> api.clients().eventBridge().putEvents(
            r -> r.entries(e -> e.eventBusName(bus).source("model-registry").detailType("Quality Gates Evaluated")
                .detail("{\"bench\":" + i + "}"))));
      }
    }
    System.exit(0);
  }

  private static String round(int i, boolean report) {
    return (report ? "m" : "w") + i;
  }

  private static TransactWriteItem put(String table, String pk, String sk) {
    return TransactWriteItem.builder().put(Put.builder().tableName(table)
        .item(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk))).build()).build();
  }

  private static void measure(boolean report, String name, int samples, Operation operation) {
    long start = System.nanoTime();
    for (int i = 0; i < samples; i++) {
      operation.run(i);
    }
    if (report) {
      System.out.printf(Locale.ROOT, "| %s | %d | %.2f |%n", name, samples, (System.nanoTime() - start) / 1e6 / samples);
    }
  }
}
