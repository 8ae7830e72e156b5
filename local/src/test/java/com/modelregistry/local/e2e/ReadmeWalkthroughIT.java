package com.modelregistry.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's curl walkthrough, exactly as written, against a fresh local runtime. */
class ReadmeWalkthroughIT {
  @TempDir Path workDir;

  @Test
  void theReadmeWalkthroughRunsAsWritten() throws Exception {
    requireTools("bash", "curl", "jq", "sha256sum");
    Path readme = Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();
    String text = Files.readString(readme);
    int start = text.indexOf("<!-- walkthrough:start -->");
    int end = text.indexOf("<!-- walkthrough:end -->");
    assertTrue(start >= 0 && end > start, "README.md has the walkthrough markers");
    String block = text.substring(start, end);
    String script = block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"));

    try (LocalRuntime registry = LocalRuntime.start(
        Options.defaults().withPort(0).withAwsPort(0).withDataDir(workDir.resolve("registry-data")))) {
      ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
          .directory(workDir.toFile()).redirectErrorStream(true);
      bash.environment().put("B", registry.baseUrl());
      Process process = bash.start();
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the walkthrough finished");
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), "the walkthrough failed:\n" + output);
      assertTrue(output.contains("\"status\":\"READY\""), output);
      assertTrue(output.contains("{\"ok\":true,\"entries\":4}"), output);
      assertTrue(output.contains("decision: HTTP 200"), output);
      assertTrue(output.contains("{\"status\":\"SUCCEEDED\",\"phases\":[\"VALIDATING\",\"VALIDATING\",\"STAGING\","
          + "\"AWAITING_APPROVAL\",\"AWAITING_APPROVAL\",\"PROMOTING\",\"DONE\"]}"), output);
      assertTrue(output.contains("{\"production\":{\"version\":1}}"), output);
      String sha = output.lines().filter(line -> line.endsWith("downloaded.bin")).findFirst().orElseThrow();
      assertEquals(HttpJson.sha256("pretend these are model weights".getBytes(StandardCharsets.UTF_8)),
          sha.substring(0, 64), "the downloaded bytes are the uploaded ones");
    }
  }

  private static void requireTools(String... tools) {
    for (String tool : tools) {
      boolean found = false;
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        found |= Files.isExecutable(Path.of(dir, tool));
      }
      if (!found && System.getenv("CI") != null) {
        throw new AssertionError(tool + " is not installed; .ci/run installs it");
      }
      Assumptions.assumeTrue(found, tool + " is not installed: skipping the README walkthrough (install it to run this test)");
    }
  }
}
