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
import java.time.Instant;
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
import java.util.function.ToLongFunction;

/**
 * Measures the registry through its HTTP API on the local runtime: latency (p50/p99) of
 * register+finalize and of get-version, and throughput of both at N concurrent clients; then the
 * delay until a finalized version's Model Version Ready event is on the bus (the outbox relay), the
 * serving side's hot paths (observations, routing now and at a past instant, get-promotion), the wall
 * time of a promotion round trip (no shadow, no canary: gates, Staging, one approval by API,
 * Production) and the throughput of observations. Every figure of one run comes from the same JVM,
 * machine state and data, so compare ratios within a run.
 *
 * <pre>
 * java -cp local/target/model-registry-local.jar:bench/target/bench-0.1.0-SNAPSHOT.jar \
 *   com.modelregistry.bench.RegistryBenchmark [--samples 300] [--clients 8] [--seconds 10] [--artifact-bytes 4096] \
 *   [--promotions 30] [--event-samples 100] [--template FILE]
 * </pre>
 *
 * {@code --template} runs another template than the packaged one (to measure a variant of template.yaml);
 * {@code --event-samples 0} skips the event delivery measurement (for a template without the relay).
 */
public final class RegistryBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The smallest governed plan: an auc gate (registrations carry auc 0.91) and one approver. */
  private static final String PROMOTION_REQUEST = "{\"target\":\"Production\",\"reason\":\"benchmark\",\"plan\":{"
      + "\"gates\":{\"metrics\":{\"auc\":{\"min\":0.9}}},"
      + "\"approval\":{\"approvers\":[\"approver-1@example.com\"],\"required\":1,\"timeoutSeconds\":3600}}}";
  private static final Duration POLL_INTERVAL = Duration.ofMillis(2);
  private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;
  private final String approverToken;
  private final byte[] artifact;
  private final String artifactSha;

  private RegistryBenchmark(String baseUrl, String token, String approverToken, int artifactBytes) throws Exception {
    this.baseUrl = baseUrl;
    this.token = token;
    this.approverToken = approverToken;
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
    int promotions = Integer.parseInt(options.getOrDefault("promotions", "30"));
    int eventSamples = Integer.parseInt(options.getOrDefault("event-samples", "100"));
    Path dataDir = Files.createTempDirectory("registry-bench");
    System.err.println("starting the local runtime on " + dataDir + " …");
    Options runtime = Options.defaults().withPort(0).withAwsPort(0).withDataDir(dataDir);
    if (options.containsKey("template")) {
      runtime = runtime.withTemplateFile(Path.of(options.get("template"))); // e.g. one variant of template.yaml
    }
    try (LocalRuntime registry = LocalRuntime.start(runtime)) {
      // admin (publisher rights, email admin@example.com) requests; approver-1 approves.
      String token = registry.principals().byName("admin").orElseThrow().token();
      String approverToken = registry.principals().byName("approver-1").orElseThrow().token();
      RegistryBenchmark bench = new RegistryBenchmark(registry.baseUrl(), token, approverToken, artifactBytes);
      bench.run(samples, clients, seconds, promotions, eventSamples);
    }
    System.exit(0);
  }

  private void run(int samples, int clients, int seconds, int promotions, int eventSamples) throws Exception {
    Report report = new Report(clients, seconds);
    String model = createModel("bench-" + System.currentTimeMillis());
    measureRegistryLatency(model, samples, report);
    measureEventDelivery(model, eventSamples, report);
    Serving serving = prepareServing(model + "-serving", promotions, report);
    measureServingLatency(serving, samples, report);
    measureThroughput(model, serving, clients, seconds, report);
    System.out.print(report);
  }

  private void measureRegistryLatency(String model, int samples, Report report) throws Exception {
    System.err.println("warming up …");
    for (int i = 0; i < warmUps(samples); i++) {
      registerAndFinalize(model);
      getVersion(model, 1);
    }
    System.err.println("measuring latency, " + samples + " sequential samples each …");
    List<Registration> registrations = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      registrations.add(registerAndFinalize(model));
    }
    report.latency("register (POST versions)", nanos(registrations, Registration::register));
    report.latency("upload to presigned URL (" + artifact.length + " B)", nanos(registrations, Registration::upload));
    report.latency("finalize (HEAD + verify)", nanos(registrations, Registration::finalizeUpload));
    report.latency("register + finalize", nanos(registrations, r -> r.register() + r.finalizeUpload()));
    report.latency("get-version", sequential(samples * 4, i -> getVersion(model, 1 + (i % 50))));
  }

  /** {@code samples} (0: none) times {@link #readyEventDelay}. */
  private void measureEventDelivery(String model, int samples, Report report) throws Exception {
    if (samples == 0) {
      return;
    }
    System.err.println("measuring event delivery, " + samples + " versions …");
    long[] delays = new long[samples];
    for (int i = 0; i < samples; i++) {
      delays[i] = readyEventDelay(model);
    }
    report.latency("finalize answered → its Model Version Ready event on the bus (outbox relay)", delays);
  }

  /**
   * Nanoseconds from finalize's answer until the version's Model Version Ready event is listed by the local
   * EventBridge (the table stream, the relay function and PutEvents in between), polled every
   * {@link #POLL_INTERVAL}.
   */
  private long readyEventDelay(String model) throws Exception {
    long version = registerAndFinalize(model).version();
    long answered = System.nanoTime();
    long deadline = answered + PROMOTION_TIMEOUT.toNanos();
    String query = "/_local/events?source=model-registry&detailType=Model%20Version%20Ready&limit=10";
    while (true) {
      for (JsonNode event : call("GET", query, null, 200).get("events")) {
        JsonNode detail = event.get("detail");
        if (detail.get("model").asText().equals(model) && detail.get("version").asLong() == version) {
          return System.nanoTime() - answered;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no Model Version Ready event for version " + version + " of " + model);
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  /**
   * A model whose routing changed several times, a promotion that ended, and a READY version to report on.
   * {@code past} lies between the warm-up promotions and the measured ones.
   */
  private record Serving(String model, Instant past, int routingChanges, String promotionId, long observedVersion) {}

  private Serving prepareServing(String model, int promotions, Report report) throws Exception {
    int warmUps = Math.max(3, promotions / 10);
    System.err.println("measuring promotion round trips, " + promotions + " after " + warmUps + " to warm up …");
    createModel(model);
    promoteFreshVersions(model, warmUps);
    Instant past = Instant.now();
    List<RoundTrip> roundTrips = promoteFreshVersions(model, promotions);
    report.roundTrips(roundTrips);
    String promotionId = roundTrips.get(roundTrips.size() - 1).promotion().get("id").asText();
    return new Serving(model, past, warmUps + promotions, promotionId, registerAndFinalize(model).version());
  }

  private void measureServingLatency(Serving serving, int samples, Report report) throws Exception {
    System.err.println("measuring serving-side latency, " + samples + " sequential samples each …");
    String routing = "/v1/models/" + serving.model() + "/routing";
    report.latency("observation (POST observations, CANARY, 60 s window)",
        latency(samples, i -> observe(serving.model(), serving.observedVersion())));
    report.latency("routing (GET routing)", latency(samples, i -> call("GET", routing, null, 200)));
    report.latency("routing at a past instant (GET routing?at=), " + serving.routingChanges() + " routing changes",
        latency(samples, i -> call("GET", routing + "?at=" + serving.past(), null, 200)));
    report.latency("get-promotion (GET promotions/{id})", latency(samples, i -> getPromotion(serving.promotionId())));
  }

  private void measureThroughput(String model, Serving serving, int clients, int seconds, Report report) throws Exception {
    System.err.println("measuring throughput, " + clients + " clients × " + seconds + " s each …");
    report.throughput("get-version", throughput(clients, seconds, () -> getVersion(model, 1)));
    // Each client registers into its own model (the usual case: one training job per model) ...
    ThreadLocal<String> ownModel = ThreadLocal.withInitial(() -> {
      try {
        return createModel(model + "-" + Thread.currentThread().getId());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    report.throughput("register + upload + finalize, a model per client",
        throughput(clients, seconds, () -> registerAndFinalize(ownModel.get())));
    // ... and all into one model, where every registration competes for the model's revision.
    report.throughput("register + upload + finalize, all clients on one model",
        throughput(clients, seconds, () -> registerAndFinalize(model)));
    // Every client reports on the same version (one canary, a fleet of servers). Observations are plain puts
    // and don't compete for the model's revision.
    report.throughput("observation, all clients on one version",
        throughput(clients, seconds, () -> observe(serving.model(), serving.observedVersion())));
  }

  private static int warmUps(int samples) {
    return Math.max(50, samples / 5);
  }

  private interface Sample {
    void run(int index) throws Exception;
  }

  /** Nanoseconds of {@code samples} sequential calls, after {@link #warmUps} untimed ones. */
  private static long[] latency(int samples, Sample call) throws Exception {
    for (int i = 0; i < warmUps(samples); i++) {
      call.run(i);
    }
    return sequential(samples, call);
  }

  private static long[] sequential(int samples, Sample call) throws Exception {
    long[] nanos = new long[samples];
    for (int i = 0; i < samples; i++) {
      long start = System.nanoTime();
      call.run(i);
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
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

  /** A version registered, uploaded and finalized (READY), with the nanoseconds of each step. */
  private record Registration(long version, long register, long upload, long finalizeUpload) {}

  private Registration registerAndFinalize(String model) throws Exception {
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
    long number = version.get("version").asLong();
    call("POST", "/v1/models/" + model + "/versions/" + number + "/finalize", "", 200);
    long t3 = System.nanoTime();
    return new Registration(number, t1 - t0, t2 - t1, t3 - t2);
  }

  private String createModel(String name) throws IOException, InterruptedException {
    call("POST", "/v1/models", "{\"name\":\"" + name + "\"}", 201);
    return name;
  }

  private void getVersion(String model, long number) throws Exception {
    call("GET", "/v1/models/" + model + "/versions/" + number, null, 200);
  }

  /** What a serving fleet reports for a canary: one 60 s window ending now. */
  private void observe(String model, long version) throws Exception {
    Instant end = Instant.now();
    call("POST", "/v1/models/" + model + "/versions/" + version + "/observations",
        "{\"phase\":\"CANARY\",\"windowStart\":\"" + end.minusSeconds(60) + "\",\"windowEnd\":\"" + end
            + "\",\"requests\":1000,\"errors\":2,\"p95LatencyMs\":120,\"disagreementRate\":0.01}", 202);
  }

  private JsonNode getPromotion(String id) throws Exception {
    return call("GET", "/v1/promotions/" + id, null, 200);
  }

  /** Registers a fresh READY version and takes it to Production, {@code count} times in a row. */
  private List<RoundTrip> promoteFreshVersions(String model, int count) throws Exception {
    List<RoundTrip> roundTrips = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      roundTrips.add(promote(model, registerAndFinalize(model).version()));
    }
    return roundTrips;
  }

  /**
   * POST (202) → poll until AWAITING_APPROVAL → approve as approver-1 → poll until SUCCEEDED. Client-side
   * nanoseconds, and the promotion as it ended (its history has the server's own timestamps).
   */
  private RoundTrip promote(String model, long version) throws Exception {
    long t0 = System.nanoTime();
    String id = call("POST", "/v1/models/" + model + "/versions/" + version + "/promotions", PROMOTION_REQUEST, 202)
        .get("id").asText();
    long t1 = System.nanoTime();
    awaitPromotion(id, "phase", "AWAITING_APPROVAL");
    long t2 = System.nanoTime();
    call(approverToken, "POST", "/v1/promotions/" + id + "/approvals", "{\"decision\":\"APPROVE\"}", 200);
    long t3 = System.nanoTime();
    JsonNode ended = awaitPromotion(id, "status", "SUCCEEDED");
    long t4 = System.nanoTime();
    return new RoundTrip(ended, t1 - t0, t2 - t0, t3 - t2, t4 - t2);
  }

  /** Polls GET /v1/promotions/{id} every {@link #POLL_INTERVAL} until {@code field} is {@code value}. */
  private JsonNode awaitPromotion(String id, String field, String value) throws Exception {
    long deadline = System.nanoTime() + PROMOTION_TIMEOUT.toNanos();
    while (true) {
      JsonNode promotion = getPromotion(id);
      if (value.equals(promotion.path(field).asText())) {
        return promotion;
      }
      if (!"RUNNING".equals(promotion.path("status").asText()) || System.nanoTime() > deadline) {
        throw new IllegalStateException("promotion " + id + " never reached " + field + " " + value + ": " + promotion);
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  /**
   * One promotion: the promotion as it ended, and client-side nanoseconds from the POST (start, until
   * AWAITING_APPROVAL) or from the approval (approve, until SUCCEEDED).
   */
  private record RoundTrip(JsonNode promotion, long start, long untilAwaitingApproval, long approve,
      long approvalToSucceeded) {
    long total() {
      return untilAwaitingApproval + approvalToSucceeded;
    }

    // Server-side instants of the promotion's record (milliseconds; no polling in them). Without shadow and
    // canary, its history is: VALIDATING (requested), VALIDATING (gates passed), STAGING, AWAITING_APPROVAL,
    // AWAITING_APPROVAL (a decision), PROMOTING, DONE.

    Instant requested() {
      return Instant.parse(promotion.get("createdAt").asText());
    }

    Instant gatesEvaluated() {
      return entered("STAGING", true);
    }

    Instant staged() {
      return entered("STAGING", false);
    }

    Instant approvalRequested() {
      return entered("AWAITING_APPROVAL", false);
    }

    Instant approved() {
      return Instant.parse(promotion.get("approvals").get(0).get("at").asText());
    }

    Instant done() {
      return entered("DONE", false);
    }

    /** The first history entry of a phase, or with {@code before} the entry just before it. */
    private Instant entered(String phase, boolean before) {
      JsonNode history = promotion.get("history");
      for (int i = 0; i < history.size(); i++) {
        if (history.get(i).get("phase").asText().equals(phase)) {
          return Instant.parse(history.get(before ? i - 1 : i).get("at").asText());
        }
      }
      throw new IllegalStateException("promotion " + promotion.get("id") + " never entered " + phase);
    }

    static long between(Instant from, Instant to) {
      return Duration.between(from, to).toNanos();
    }
  }

  private static <T> long[] nanos(List<T> results, ToLongFunction<T> part) {
    return results.stream().mapToLong(part).toArray();
  }

  /** The three Markdown tables of docs/benchmarks.md, filled as the measurements finish. */
  private static final class Report {
    private static final String PERCENTILES = " | n | p50 ms | p99 ms |\n|---|---:|---:|---:|\n";
    private final StringBuilder latency = new StringBuilder("| operation" + PERCENTILES);
    private final StringBuilder roundTrips = new StringBuilder("| promotion round trip (no shadow, no canary)" + PERCENTILES);
    private final StringBuilder throughput;

    Report(int clients, int seconds) {
      throughput = new StringBuilder("| throughput at " + clients + " clients, " + seconds + " s | ops/s |\n|---|---:|\n");
    }

    void latency(String name, long[] nanos) {
      row(latency, name, nanos);
    }

    void throughput(String name, double opsPerSecond) {
      throughput.append(String.format(Locale.ROOT, "| %s | %.0f |%n", name, opsPerSecond));
    }

    void roundTrips(List<RoundTrip> all) {
      row(roundTrips, "POST promotions (202)", nanos(all, RoundTrip::start));
      row(roundTrips, "POST → phase AWAITING_APPROVAL seen", nanos(all, RoundTrip::untilAwaitingApproval));
      row(roundTrips, "approval (POST approvals, 200)", nanos(all, RoundTrip::approve));
      row(roundTrips, "approval sent → status SUCCEEDED seen", nanos(all, RoundTrip::approvalToSucceeded));
      row(roundTrips, "total, POST → SUCCEEDED seen", nanos(all, RoundTrip::total));
      row(roundTrips, "server: requested → gates evaluated (start, Begin, EvaluateGates)",
          nanos(all, r -> RoundTrip.between(r.requested(), r.gatesEvaluated())));
      row(roundTrips, "server: gates evaluated → Staging (EnterStaging)",
          nanos(all, r -> RoundTrip.between(r.gatesEvaluated(), r.staged())));
      row(roundTrips, "server: Staging → approval requested (RequestApproval)",
          nanos(all, r -> RoundTrip.between(r.staged(), r.approvalRequested())));
      row(roundTrips, "server: approval recorded → DONE (SendTaskSuccess, Promote)",
          nanos(all, r -> RoundTrip.between(r.approved(), r.done())));
    }

    @Override
    public String toString() {
      return latency + "\n" + roundTrips + "\n" + throughput;
    }
  }

  private JsonNode call(String method, String path, String body, int expected) throws IOException, InterruptedException {
    return call(token, method, path, body, expected);
  }

  private JsonNode call(String bearer, String method, String path, String body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", "Bearer " + bearer).header("content-type", "application/json")
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
        throw new IllegalArgumentException("usage: [--samples N] [--clients N] [--seconds N] [--artifact-bytes N] [--promotions N]");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
