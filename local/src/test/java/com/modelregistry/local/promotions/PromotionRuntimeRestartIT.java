package com.modelregistry.local.promotions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.testing.TestTemplates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Across restarts on one data directory: a generated secret keeps its value (links signed before a restart
 * still verify after it), and ApprovalBaseUrl follows the options: the user's value when given, else the
 * URL of the runtime as it runs now.
 */
class PromotionRuntimeRestartIT {

  @TempDir
  Path dir;

  @Test
  void givenARestart_thenTheSecretIsKept_andApprovalBaseUrlIsTheUsersOrTheRuntimesOwn() {
    Path template = TestTemplates.write(dir.resolve("template"), PromotionTemplateIT.text());
    Options options = Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir.resolve("data"))
        .withTemplateFile(template);

    String arn;
    String before;
    try (LocalRuntime runtime = LocalRuntime.start(options.withParameter("ApprovalBaseUrl", "https://registry.example.com"))) {
      assertEquals("https://registry.example.com",
          runtime.template().function("WorkflowFunction").environment().get("APPROVAL_BASE_URL"), "the user's value wins");
      arn = runtime.template().function("WorkflowFunction").environment().get("APPROVAL_SECRET_ARN");
      try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
        before = secrets.getSecretValue(request -> request.secretId(arn)).secretString();
      }
    }

    try (LocalRuntime runtime = LocalRuntime.start(options)) {
      assertEquals(runtime.baseUrl(), runtime.template().function("WorkflowFunction").environment().get("APPROVAL_BASE_URL"));
      assertEquals(arn, runtime.template().function("WorkflowFunction").environment().get("APPROVAL_SECRET_ARN"));
      try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
        assertEquals(before, secrets.getSecretValue(request -> request.secretId(arn)).secretString());
      }
      assertTrue(runtime.awsServiceNames().contains("Secrets Manager"), runtime.awsServiceNames().toString());
    }
  }
}
