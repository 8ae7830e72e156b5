package com.modelregistry.local.localstack;

import com.modelregistry.aws.DynamoDbModelStore;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.testing.ModelStoreContract;
import com.modelregistry.local.adapters.OutboxItems;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB adapter passes the model store contract against LocalStack's DynamoDB, on the table
 * provisioned from template.yaml. Runs with {@code -Plocalstack} where a Docker engine runs; skipped
 * otherwise.
 */
@EnabledIfSystemProperty(named = "localstack.tests", matches = "true",
    disabledReason = "LocalStack ITs run only in the -Plocalstack Failsafe execution")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackDynamoDbModelStoreIT extends ModelStoreContract {
  private static DynamoDbClient dynamoDb;
  private static ModelStore store;

  @BeforeAll
  static void start() {
    LocalStackEnvironment localStack = LocalStackEnvironment.shared();
    dynamoDb = localStack.dynamoDb();
    store = new DynamoDbModelStore(dynamoDb, localStack.config().modelsTable(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (dynamoDb != null) {
      dynamoDb.close();
    }
  }

  @Override
  protected ModelStore store() {
    return store;
  }

  @Override
  protected List<Map.Entry<String, String>> outbox(String modelId) {
    return OutboxItems.of(dynamoDb, LocalStackEnvironment.shared().config().modelsTable(), modelId);
  }
}
