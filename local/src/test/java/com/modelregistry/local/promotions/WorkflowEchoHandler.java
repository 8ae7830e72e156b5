package com.modelregistry.local.promotions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A workflow handler built like the registry's own ({@code (Config, AwsClients)}, Map in, Map out, no
 * HttpApi events): answers with what its Config says, reads the secret named by {@code secretArn} and puts
 * a "Model Version Promoted" event on the bus named by {@code eventBus}, both with SDK clients built
 * without any endpoint override, as the real handlers build them.
 */
public final class WorkflowEchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private final Config config;

  public WorkflowEchoHandler(Config config, AwsClients clients) {
    this.config = config;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("action", input.get("action"));
    output.put("promotionId", input.get("promotionId"));
    output.put("functionName", context.getFunctionName());
    output.put("region", config.region());
    output.put("s3ForcePathStyle", config.s3ForcePathStyle());
    output.put("modelsTable", config.modelsTable());
    output.put("artifactsBucket", config.artifactsBucket());
    if (input.get("secretArn") instanceof String secretArn) {
      try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
        output.put("secret", secrets.getSecretValue(request -> request.secretId(secretArn)).secretString());
      }
    }
    if (input.get("eventBus") instanceof String bus) {
      try (EventBridgeClient events = EventBridgeClient.create()) {
        int failed = events.putEvents(request -> request.entries(entry -> entry.eventBusName(bus)
            .source("model-registry").detailType("Model Version Promoted")
            .detail("{\"promotionId\": \"" + input.get("promotionId") + "\", \"model\": \"fraud\", \"version\": 2}")))
            .failedEntryCount();
        output.put("eventsFailed", failed);
      }
    }
    return output;
  }
}
