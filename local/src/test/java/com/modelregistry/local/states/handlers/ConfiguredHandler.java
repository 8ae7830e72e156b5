package com.modelregistry.local.states.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import java.util.Map;

/** Built like the registry's own handlers, from the function's environment. */
public final class ConfiguredHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private final Config config;

  public ConfiguredHandler(Config config, AwsClients clients) {
    this.config = config;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    return Map.of("table", config.modelsTable(), "bucket", config.artifactsBucket(), "region", config.region());
  }
}
