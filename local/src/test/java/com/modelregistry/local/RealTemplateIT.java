package com.modelregistry.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.StreamEventSource;
import com.modelregistry.local.testing.Http;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The repository's template.yaml (packaged into the jar) with the real API handler. */
class RealTemplateIT {

  @TempDir
  Path dir;

  @Test
  void givenThePackagedTemplate_whenStarting_thenTheRealHandlerServesAndTheJwtRoutesAreGuarded() {
    assumeTrue(RealTemplateIT.class.getClassLoader().getResource(SamTemplate.CLASSPATH_RESOURCE) != null,
        "template.yaml is not at the repository root yet");

    try (LocalRuntime runtime = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir))) {
      String token = runtime.principals().byName("reader").orElseThrow().token();

      assertEquals(200, Http.send(Http.request(runtime.baseUrl() + "/v1/health")).statusCode());
      assertEquals(401, Http.send(Http.request(runtime.baseUrl() + "/v1/models")).statusCode());
      int withToken = Http.send(Http.request(runtime.baseUrl() + "/v1/models").header("Authorization", "Bearer " + token))
          .statusCode();
      assertNotEquals(401, withToken);
      assertNotEquals(500, withToken);
      runtime.template().tables().forEach(table -> {
        assertEquals(table.globalSecondaryIndexes().size(), runtime.dynamoDb()
            .describeTable(d -> d.tableName(table.name())).table().globalSecondaryIndexes().size());
        if (table.ttlAttribute() != null) {
          assertEquals(TimeToLiveStatus.ENABLED, runtime.dynamoDb().describeTimeToLive(d -> d.tableName(table.name()))
              .timeToLiveDescription().timeToLiveStatus());
        }
        if (table.hasStream()) {
          assertEquals(table.streamViewType(), runtime.dynamoDb().describeTable(d -> d.tableName(table.name())).table()
              .streamSpecification().streamViewTypeAsString(), table.name());
        }
      });
      List<String> mappings = runtime.template().functions().stream()
          .flatMap(function -> function.streamEvents().stream()).map(StreamEventSource::id).toList();
      assertEquals(mappings, runtime.streams().ids(), "every DynamoDB event of the template is polled");
      runtime.template().bucketNames().forEach(bucket -> assertTrue(
          runtime.function("ApiFunction").clients().s3().listBuckets().buckets().stream()
              .anyMatch(b -> b.name().equals(bucket)), bucket));
    }
  }
}
