package com.modelregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the registry through its HTTP API on the local runtime: latency (p50/p99) of
 * register+finalize and of get-version, and throughput of both at N concurrent clients. Every
 * figure of one run comes from the same JVM, machine state and data, so compare ratios within a run.
 *
 * <pre>
 * java -cp local/target/model-registry-local.jar:bench/target/bench-0.1.0-SNAPSHOT.jar \
 *   com.modelregistry.bench.RegistryBenchmark [--samples 300] [--clients 8] [--seconds 10] [--artifact-bytes 4096]
 * </pre>
 */
public final class RegistryBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;
  private final byte[] artifact;
  private final String artifactSha;

  private RegistryBenchmark(String baseUrl, String token, int artifactBytes) throws Exception {
    this.baseUrl = baseUrl;
    this.token = token;
    this.artifact = new byte[artifactBytes];
    new java.util.Random(42).nextBytes(artifact);
    this.artifactSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int samples = Integer.parseInt(options.getOrDefault("samples", "300"));
    int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
    int artifactBytes = Integer.parseInt(options.getOrDefault("artifact-bytes", "4096"));
    Path dataDir = Files.createTempDirectory("registry-bench");
    System.err.println("starting the local runtime on " + dataDir + " …");
    try (LocalRuntime registry = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dataDir))) {
      String token = registry.principals().byName("admin").orElseThrow().token();
      RegistryBenchmark bench = new RegistryBenchmark(registry.baseUrl(), token, artifactBytes);
      bench.run(samples, clients, seconds);
    }
    System.exit(0);
  }

  private void run(int samples, int clients, int seconds) throws Exception {
    String model = "bench-" + System.currentTimeMillis();
    call("POST", "/v1/models", "{\"name\":\"" + model + "\"}", 201);
    System.err.println("warming up …");
    for (int i = 0; i < Math.max(50, samples / 5); i++) {
      registerAndFinalize(model);
      getVersion(model, 1);
    }
    System.err.println("measuring latency, " + samples + " sequential samples each …");
    long[] register = new long[samples];
    long[] upload = new long[samples];
    long[] finalizeUpload = new long[samples];
    long[] registerAndFinalize = new long[samples];
    for (int i = 0; i < samples; i++) {
      long[] phases = registerAndFinalize(model);
      register[i] = phases[0];
      upload[i] = phases[1];
      finalizeUpload[i] = phases[2];
      registerAndFinalize[i] = phases[0] + phases[2];
    }
    long[] get = new long[samples * 4];
    for (int i = 0; i < get.length; i++) {
      long start = System.nanoTime();
      getVersion(model, 1 + (i % 50));
      get[i] = System.nanoTime() - start;
    }
    System.err.println("measuring throughput, " + clients + " clients × " + seconds + " s each …");
    double getThroughput = throughput(clients, seconds, () -> getVersion(model, 1));
    // Each client registers into its own model (the usual case: one training job per model) ...
    ThreadLocal<String> ownModel = ThreadLocal.withInitial(() -> {
      String name = model + "-" + Thread.currentThread().getId();
      try {
        call("POST", "/v1/models", "{\"name\":\"" + name + "\"}", 201);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return name;
    });
    double registerThroughput = throughput(clients, seconds, () -> registerAndFinalize(ownModel.get()));
    // ... and all into one model, where every registration competes for the model's revision.
    double contendedThroughput = throughput(clients, seconds, () -> registerAndFinalize(model));

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "| operation | n | p50 ms | p99 ms |%n|---|---:|---:|---:|%n"));
    row(out, "register (POST versions)", register);
    row(out, "upload to presigned URL (" + artifact.length + " B)", upload);
    row(out, "finalize (HEAD + verify)", finalizeUpload);
    row(out, "register + finalize", registerAndFinalize);
    row(out, "get-version", get);
    out.append(String.format(Locale.ROOT, "%n| throughput at %d clients, %d s | ops/s |%n|---|---:|%n", clients, seconds));
    out.append(String.format(Locale.ROOT, "| get-version | %.0f |%n", getThroughput));
    out.append(String.format(Locale.ROOT, "| register + upload + finalize, a model per client | %.0f |%n", registerThroughput));
    out.append(String.format(Locale.ROOT, "| register + upload + finalize, all clients on one model | %.0f |%n", contendedThroughput));
    System.out.print(out);
  }

  private interface Operation {
    void run() throws Exception;
  }

  private double throughput(int clients, int seconds, Operation operation) throws Exception {
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(() -> {
        while (System.nanoTime() < deadline) {
          operation.run();
          done.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** Nanoseconds of register, upload and finalize. */
  private long[] registerAndFinalize(String model) throws Exception {
    long t0 = System.nanoTime();
    JsonNode version = call("POST", "/v1/models/" + model + "/versions", "{\"artifact\":{\"filename\":\"model.bin\",\"sizeBytes\":"
        + artifact.length + ",\"sha256\":\"" + artifactSha + "\"},\"metrics\":{\"auc\":0.91}}", 201);
    long t1 = System.nanoTime();
    JsonNode upload = version.get("upload");
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(artifact));
    upload.get("headers").fields().forEachRemaining(h -> {
      if (!h.getKey().equalsIgnoreCase("content-length")) {
        put.header(h.getKey(), h.getValue().asText());
      }
    });
    HttpResponse<String> uploaded = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
    if (uploaded.statusCode() != 200) {
      throw new IllegalStateException("upload failed: " + uploaded.statusCode() + " " + uploaded.body());
    }
    long t2 = System.nanoTime();
    call("POST", "/v1/models/" + model + "/versions/" + version.get("version").asLong() + "/finalize", "", 200);
    long t3 = System.nanoTime();
    return new long[] {t1 - t0, t2 - t1, t3 - t2};
  }

  private void getVersion(String model, long number) throws Exception {
    call("GET", "/v1/models/" + model + "/versions/" + number, null, 200);
  }

  private JsonNode call(String method, String path, String body, int expected) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", "Bearer " + token).header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + response.body());
    }
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }

  private static void row(StringBuilder out, String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", name, sorted.length,
        percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6));
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: [--samples N] [--clients N] [--seconds N] [--artifact-bytes N]");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
