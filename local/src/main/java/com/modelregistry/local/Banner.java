package com.modelregistry.local;

import com.modelregistry.local.identity.Principal;
import com.modelregistry.local.sam.LocalStack;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/** What the user sees once the runtime is up: where things are, who can log in, how to try it. */
final class Banner {

  private Banner() {}

  static void print(PrintStream out, LocalRuntime runtime, long readyMillis) {
    out.println();
    out.println("Model Registry (local runtime)");
    out.println("  API          " + runtime.baseUrl());
    out.println("  S3 endpoint  " + runtime.s3Endpoint() + "  (access key '" + LocalCredentials.ACCESS_KEY_ID
        + "', secret '" + LocalCredentials.SECRET_ACCESS_KEY + "')");
    out.println("  AWS endpoint " + runtime.awsEndpoint() + " (" + String.join(", ", runtime.awsServiceNames()) + ")");
    out.println("    for the aws CLI: export AWS_ENDPOINT_URL=" + runtime.awsEndpoint() + " AWS_ACCESS_KEY_ID="
        + LocalCredentials.ACCESS_KEY_ID + " AWS_SECRET_ACCESS_KEY=" + LocalCredentials.SECRET_ACCESS_KEY
        + " AWS_DEFAULT_REGION=" + LocalStack.REGION);
    out.println("  data dir     " + runtime.dataDir());
    out.println("  template     " + runtime.template().source());
    Map<String, String> overrides = runtime.template().parameterOverridesForDisplay();
    if (!overrides.isEmpty()) {
      out.println("  parameters   " + overrides.entrySet().stream()
          .map(override -> override.getKey() + "=" + override.getValue()).collect(Collectors.joining(" ")));
    }
    out.println("  principals   " + runtime.principals().source());
    int width = runtime.principals().all().stream().mapToInt(p -> p.name().length()).max().orElse(0);
    for (Principal principal : runtime.principals().all()) {
      out.printf("    %-" + width + "s  %-22s %s%n", principal.name(), principal.roles(), principal.token());
    }
    Principal example = runtime.principals().all().stream()
        .filter(principal -> principal.roles().contains("admin")).findFirst()
        .orElse(runtime.principals().all().get(0));
    out.println("  try");
    out.println("    curl " + runtime.baseUrl() + "/v1/health");
    out.println("    curl -H 'Authorization: Bearer " + example.token() + "' " + runtime.baseUrl() + "/v1/models");
    if (example.roles().contains("admin")) {
      out.println("    " + runtime.baseUrl() + "/_local/outbox.html?token=" + example.token() + "  (mail sent, in a browser)");
      out.println("    curl -H 'Authorization: Bearer " + example.token() + "' " + runtime.baseUrl() + "/_local/events");
    }
    out.println("ready in " + readyMillis + " ms (Ctrl-C stops)");
  }
}
