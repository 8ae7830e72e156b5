package com.modelregistry.local.adapters;

import com.modelregistry.aws.DynamoDbModelStore;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.testing.ModelStoreContract;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.lambda.LocalFunction;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The DynamoDB adapter passes the same contract as the in-memory store, against DynamoDB Local. */
class DynamoDbModelStoreIT extends ModelStoreContract {
  @TempDir static Path dataDir;
  private static LocalRuntime runtime;
  private static ModelStore store;
  private static DynamoDbClient dynamoDb;
  private static String table;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dataDir));
    LocalFunction api = runtime.function("ApiFunction");
    dynamoDb = api.clients().dynamoDb();
    table = api.config().modelsTable();
    store = new DynamoDbModelStore(dynamoDb, table, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Override
  protected ModelStore store() {
    return store;
  }

  @Override
  protected List<Map.Entry<String, String>> outbox(String modelId) {
    return OutboxItems.of(dynamoDb, table, modelId);
  }
}
