package com.modelregistry.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.states.LocalClock;
import com.modelregistry.local.template.EventSchemasTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governed promotions end to end over HTTP on the local runtime, with the template's real state machine,
 * workflow functions, EventBridge, SES outbox and Secrets Manager. The test plays the trainer (publisher),
 * the approvers (following the mailed link, or the authenticated API) and the serving side (observations).
 * Step Functions runs on a fixed clock the test advances, so shadow, bake and approval waits take no time.
 */
class PromotionEndToEndIT {
  static final Pattern LINK = Pattern.compile("(https?://[^\\s\"<>]+/v1/approvals/([0-9a-f]{32})\\?sig=([A-Za-z0-9_-]+))");
  static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  static LocalRuntime registry;
  static LocalClock clock;
  static HttpJson http;
  static String admin;
  static String publisher;
  static String approver1;
  static String approver2;
  static String reader;
  static final AtomicInteger names = new AtomicInteger();
  /** One real detail per detail-type, as the runtime published it during the tests (see publishedEvents). */
  static final Map<String, JsonNode> realDetails = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    clock = LocalClock.fixed(Instant.now());
    registry = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dataDir), null, clock);
    http = new HttpJson(registry.baseUrl());
    admin = token("admin");
    publisher = token("publisher");
    approver1 = token("approver-1");
    approver2 = token("approver-2");
    reader = token("reader");
  }

  @AfterAll
  static void stop() {
    try {
      if (registry != null && admin != null) {
        publishedEvents(); // also collects what the last test published
        theSamplesHaveTheShapeOfRealEvents();
      }
    } finally {
      if (registry != null) {
        registry.close();
      }
    }
  }

  static String token(String name) {
    return registry.principals().byName(name).orElseThrow().token();
  }

  // ---- the trainer

  /** A model with version 1 in production (promoted without shadow or canary) and a READY version 2. */
  static String modelWithProduction(double productionAuc, double candidateAuc) {
    String model = "promo-" + names.incrementAndGet() + "-" + System.nanoTime() % 100000;
    assertEquals(201, http.call("POST", "/v1/models", publisher, Map.of("name", model)).status());
    publish(model, productionAuc);
    String first = startPromotion(model, 1, plan(null, null, List.of("approver-1@example.com"), 1));
    awaitPhase(first, "AWAITING_APPROVAL");
    approveByApi(first, approver1);
    awaitStatus(first, "SUCCEEDED");
    publish(model, candidateAuc);
    return model;
  }

  static long publish(String model, double auc) {
    byte[] bytes = ("weights " + model + " " + auc + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    Map<String, Object> body = new HashMap<>();
    body.put("artifact", HttpJson.artifactSpec("model.bin", bytes));
    body.put("metrics", Map.of("auc", auc));
    body.put("metadata", Map.of("datasetVersion", "ds-1", "gitCommit", "abc123"));
    var registered = http.call("POST", "/v1/models/" + model + "/versions", publisher, body);
    assertEquals(201, registered.status(), registered.body());
    assertEquals(200, http.upload(registered.json().get("upload"), bytes).status());
    long number = registered.json().get("version").asLong();
    var finalized = http.call("POST", "/v1/models/" + model + "/versions/" + number + "/finalize", publisher, null);
    assertEquals(200, finalized.status(), finalized.body());
    return number;
  }

  static Map<String, Object> plan(Map<String, Object> shadow, Map<String, Object> canary, List<String> approvers,
      int required) {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("gates", Map.of("metrics", Map.of("auc", Map.of("min", 0.8, "maxDropFromProduction", 0.01)),
        "requireMetadata", List.of("datasetVersion", "gitCommit")));
    if (shadow != null) plan.put("shadow", shadow);
    plan.put("approval", Map.of("approvers", approvers, "required", required, "timeoutSeconds", 3600));
    if (canary != null) plan.put("canary", canary);
    return plan;
  }

  static Map<String, Object> shadow() {
    return Map.of("seconds", 60, "maxErrorRate", 0.01, "maxDisagreementRate", 0.1, "minSamples", 100);
  }

  static Map<String, Object> canary(List<Integer> steps) {
    return Map.of("steps", steps, "bakeSeconds", 300, "maxErrorRate", 0.01, "maxP95LatencyMs", 250, "minSamples", 100);
  }

  static String startPromotion(String model, long version, Map<String, Object> plan) {
    var started = http.call("POST", "/v1/models/" + model + "/versions/" + version + "/promotions", publisher,
        Map.of("target", "Production", "reason", "better auc", "plan", plan));
    assertEquals(202, started.status(), started.body());
    assertEquals("RUNNING", started.json().get("status").asText());
    return started.json().get("id").asText();
  }

  // ---- watching the promotion

  static JsonNode promotion(String id) {
    var reply = http.call("GET", "/v1/promotions/" + id, reader, null);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static JsonNode awaitPhase(String id, String phase) {
    return await(id, p -> p.get("phase").asText().equals(phase), "phase " + phase);
  }

  static JsonNode awaitStatus(String id, String status) {
    return await(id, p -> p.get("status").asText().equals(status), "status " + status);
  }

  static JsonNode awaitCanary(String id, int percent) {
    return await(id, p -> p.get("phase").asText().equals("CANARY") && p.get("canaryPercent").asInt() == percent,
        "canary at " + percent + "%");
  }

  static JsonNode await(String id, java.util.function.Predicate<JsonNode> condition, String what) {
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = promotion(id);
      if (condition.test(last)) {
        return last;
      }
      if (!last.get("status").asText().equals("RUNNING") && !what.startsWith("status")) {
        fail("promotion ended as " + last.get("status").asText() + " before " + what + ": " + last);
      }
      sleep(25);
    }
    fail("promotion " + id + " did not reach " + what + " within " + WAIT + "; last: " + last);
    return null;
  }

  /** Waits until the workflow sits in a Wait state (no task running), then moves its clock. */
  static void advance(Duration duration) {
    registry.stepFunctions().awaitIdle(Duration.ofSeconds(10));
    clock.advance(duration);
  }

  // ---- the serving side

  static void observe(String model, long version, String phase, long requests, long errors, double p95,
      double disagreement) {
    sleep(3); // the window ends strictly after the step began
    Instant end = Instant.now();
    var reply = http.call("POST", "/v1/models/" + model + "/versions/" + version + "/observations", publisher,
        Map.of("phase", phase, "windowStart", end.minusSeconds(60).toString(), "windowEnd", end.toString(),
            "requests", requests, "errors", errors, "p95LatencyMs", p95, "disagreementRate", disagreement));
    assertEquals(202, reply.status(), reply.body());
  }

  // ---- the approvers

  record Link(String url, String id, String sig) {}

  static Link mailedLink(String email, String model, long version) {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      var outbox = http.call("GET", "/_local/outbox?to=" + email, admin, null);
      assertEquals(200, outbox.status(), outbox.body());
      for (JsonNode message : outbox.json().get("messages")) {
        if (message.get("subject").asText().contains(model + " version " + version + " ")) {
          Matcher matcher = LINK.matcher(message.get("text").asText());
          assertTrue(matcher.find(), "the mail holds a link: " + message);
          return new Link(matcher.group(1), matcher.group(2), matcher.group(3));
        }
      }
      sleep(25);
    }
    fail("no approval mail to " + email + " about " + model + " version " + version);
    return null;
  }

  static HttpJson.Reply get(Link link) {
    return http.call("GET", link.url().substring(registry.baseUrl().length()), null, null);
  }

  static HttpJson.Reply postForm(String id, Map<String, String> fields) {
    String form = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return http.call("POST", "/v1/approvals/" + id, null, form,
        Map.of("content-type", "application/x-www-form-urlencoded"));
  }

  /** Opens the mailed link's page and presses a button, as a browser would. */
  static HttpJson.Reply decideByMail(Link link, String decision, String comment) {
    var page = get(link);
    assertEquals(200, page.status(), page.body());
    Matcher csrf = CSRF.matcher(page.body());
    assertTrue(csrf.find(), "the page carries a CSRF token");
    return postForm(link.id(), Map.of("sig", link.sig(), "csrf", csrf.group(1), "decision", decision,
        "comment", comment));
  }

  static void approveByApi(String id, String token) {
    var reply = http.call("POST", "/v1/promotions/" + id + "/approvals", token, Map.of("decision", "APPROVE",
        "comment", "ok"));
    assertEquals(200, reply.status(), reply.body());
  }

  static JsonNode routing(String model) {
    var reply = http.call("GET", "/v1/models/" + model + "/routing", reader, null);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  /**
   * The promotion's events include {@code expected}, read at once: the test saw the promotion's state through the
   * API, and locally a read waits until the stream relay has published what the writes before it produced.
   */
  static void assertEvents(String promotionId, String... expected) {
    Set<String> types = eventTypes(promotionId);
    assertTrue(types.containsAll(List.of(expected)), "events of " + promotionId + ": " + types);
  }

  static Set<String> eventTypes(String promotionId) {
    Set<String> types = new TreeSet<>();
    for (JsonNode event : publishedEvents()) {
      if (promotionId.equals(event.get("detail").path("promotionId").asText())) {
        types.add(event.get("detailType").asText());
      }
    }
    return types;
  }

  /**
   * Everything the registry published so far, each detail checked against its schema. Keeps one detail per
   * detail-type for {@link #theSamplesHaveTheShapeOfRealEvents}, preferring one whose arrays have elements.
   */
  static List<JsonNode> publishedEvents() {
    var reply = http.call("GET", "/_local/events?source=model-registry&limit=1000", admin, null);
    assertEquals(200, reply.status(), reply.body());
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode event : reply.json().get("events")) {
      JsonNode detail = event.get("detail");
      String type = event.get("detailType").asText();
      assertEquals(Set.of(), EventSchemasTest.problemsWith(type, detail), type + " matches its schema: " + detail);
      realDetails.merge(type, detail, (kept, next) -> hasEmptyArray(kept) && !hasEmptyArray(next) ? next : kept);
      events.add(event);
    }
    return events;
  }

  static boolean hasEmptyArray(JsonNode node) {
    if (node.isArray() && node.isEmpty()) {
      return true;
    }
    for (JsonNode child : node) {
      if (hasEmptyArray(child)) {
        return true;
      }
    }
    return false;
  }

  // ---- the samples in events/ against what was really published

  static final Path EVENTS = eventsFolder();

  /**
   * events/&lt;kebab-detail-type&gt;.json are hand-written samples for consumers: for every detail-type seen in
   * these tests, the sample's detail must have the real detail's field names (recursively; for arrays, those of
   * the first element). A field the schema declares but does not require may be missing from either one. The
   * sample's eventId must be built as the registry builds it, from its own modelId and version.
   */
  static void theSamplesHaveTheShapeOfRealEvents() {
    List<String> problems = new ArrayList<>();
    new TreeMap<>(realDetails).forEach((type, real) -> {
      String kebab = type.toLowerCase(Locale.ROOT).replace(' ', '-');
      String sampleFile = "events/" + kebab + ".json";
      JsonNode sample = readJson(EVENTS.resolve(kebab + ".json")).path("detail");
      JsonNode schema = readJson(EVENTS.resolve("schemas/" + kebab + ".json"));
      List<String> differences = new ArrayList<>();
      compareFieldNames("detail", sample, real, schema, differences);
      for (var detail : List.of(Map.entry("real", real), Map.entry("sample", sample))) {
        String eventId = detail.getValue().path("eventId").asText();
        String format = "^" + Pattern.quote(detail.getValue().path("modelId").asText()) + "-[0-9]+-" + kebab + "-v"
            + detail.getValue().path("version").asLong() + "$";
        if (!eventId.matches(format)) {
          differences.add("the " + detail.getKey() + " eventId " + eventId + " is not <modelId>-<audit seq>-" + kebab
              + "-v<version>");
        }
      }
      if (!differences.isEmpty()) {
        problems.add("update " + sampleFile + " (" + String.join("; ", differences) + "); a real detail: " + real);
      }
    });
    assertTrue(problems.isEmpty(), () -> "the samples in events/ must have the shape of the events the registry "
        + "publishes:\n" + String.join("\n", problems));
  }

  /** Adds to {@code differences} the field names of {@code sample} and {@code real} that don't correspond. */
  static void compareFieldNames(String path, JsonNode sample, JsonNode real, JsonNode schema, List<String> differences) {
    if (sample.isArray() && real.isArray()) {
      if (!sample.isEmpty() && !real.isEmpty()) {
        compareFieldNames(path + "[0]", sample.get(0), real.get(0), schema.path("items"), differences);
      }
      return;
    }
    if (!sample.isObject() || !real.isObject()) {
      return; // a scalar: its type is the schema's business
    }
    Set<String> required = new TreeSet<>();
    schema.path("required").forEach(name -> required.add(name.asText()));
    Set<String> names = new TreeSet<>();
    sample.fieldNames().forEachRemaining(names::add);
    real.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      boolean optional = schema.path("properties").has(name) && !required.contains(name);
      if (sample.has(name) && real.has(name)) {
        compareFieldNames(path + "." + name, sample.get(name), real.get(name), schema.path("properties").path(name),
            differences);
      } else if (!optional) {
        differences.add(path + "." + name + (real.has(name) ? " is missing from the sample" : " is not in real events"));
      }
    }
  }

  /** The repository's events/ folder: Failsafe runs in local/, an IDE may run at the root. */
  static Path eventsFolder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("events/schemas"))) {
        return dir.resolve("events");
      }
    }
    throw new IllegalStateException("no events/schemas in " + Path.of("").toAbsolutePath() + " or any parent");
  }

  static JsonNode readJson(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("can't read " + file, e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- the scenarios

  /**
   * Locally, a request answers only once the events its change wrote are on the bus (the runtime waits for the
   * stream relay), so a script may read them right away: no polling here. Twenty rounds, because the relay takes
   * a few milliseconds and an immediate read would miss some of them without the wait.
   */
  @Test
  void eventsOfAChangeAreOnTheLocalBusWhenItsRequestAnswers() {
    String model = "outbox-" + names.incrementAndGet() + "-" + System.nanoTime() % 100000;
    assertEquals(201, http.call("POST", "/v1/models", publisher, Map.of("name", model)).status());
    for (int round = 1; round <= 20; round++) {
      long version = publish(model, 0.9);
      var reply = http.call("GET", "/_local/events?source=model-registry&detailType=Model%20Version%20Ready&limit=5",
          admin, null);
      assertEquals(200, reply.status(), reply.body());
      boolean listed = false;
      for (JsonNode event : reply.json().get("events")) {
        listed |= event.get("detail").get("model").asText().equals(model)
            && event.get("detail").get("version").asLong() == version;
      }
      assertTrue(listed, "round " + round + ": the Ready event of version " + version + " is listed when finalize answers");
    }
  }

  @Test
  void happyPath_shadowMailedApprovalAndCanary_promotesAndArchivesThePreviousVersion() {
    String model = modelWithProduction(0.90, 0.93);
    String id = startPromotion(model, 2, plan(shadow(), canary(List.of(10, 50, 100)),
        List.of("approver-1@example.com", "approver-2@example.com"), 2));

    JsonNode shadowing = awaitPhase(id, "SHADOW");
    assertTrue(shadowing.get("gateReport").get("passed").asBoolean(), shadowing.toString());
    JsonNode routing = routing(model);
    assertEquals(1, routing.get("production").get("version").asLong());
    assertEquals("SHADOW", routing.get("candidate").get("mode").asText());
    observe(model, 2, "shadow", 500, 1, 120, 0.02);
    advance(Duration.ofSeconds(60));

    awaitPhase(id, "AWAITING_APPROVAL");
    Link first = mailedLink("approver-1@example.com", model, 2);
    var page = get(first);
    assertEquals(200, page.status(), page.body());
    assertTrue(page.body().contains("metric:auc") && page.body().contains("0.93"), "page shows gates and metrics");
    assertEquals("AWAITING_APPROVAL", promotion(id).get("phase").asText(), "opening the page changes nothing");
    var decided = decideByMail(first, "APPROVE", "looks good");
    assertEquals(200, decided.status(), decided.body());
    assertTrue(decided.body().contains("1 more approval"), decided.body());
    assertEquals(410, get(first).status(), "a link works once");

    Link second = mailedLink("approver-2@example.com", model, 2);
    assertEquals(200, decideByMail(second, "APPROVE", "ship it").status());

    for (int percent : List.of(10, 50, 100)) {
      awaitCanary(id, percent);
      JsonNode canaryRouting = routing(model);
      assertEquals("CANARY", canaryRouting.get("candidate").get("mode").asText());
      assertEquals(percent, canaryRouting.get("candidate").get("percent").asInt());
      observe(model, 2, "CANARY", 1000, 2, 180, 0.0);
      advance(Duration.ofSeconds(300));
    }
    JsonNode done = awaitStatus(id, "SUCCEEDED");
    assertEquals("DONE", done.get("phase").asText());
    assertEquals(2, done.get("approvals").size());

    JsonNode after = routing(model);
    assertEquals(2, after.get("production").get("version").asLong());
    assertNull(after.get("candidate"));
    assertEquals(1, after.get("previousProduction").asLong());
    var v1 = http.call("GET", "/v1/models/" + model + "/versions/1", reader, null).json();
    assertEquals("Archived", v1.get("stage").asText());
    var v2 = http.call("GET", "/v1/models/" + model + "/versions/2", reader, null).json();
    assertEquals("Production", v2.get("stage").asText());

    Instant duringCanary = Instant.parse(done.get("history").get(done.get("history").size() - 3).get("at").asText());
    var past = http.call("GET", "/v1/models/" + model + "/routing?at=" + duringCanary, reader, null);
    assertEquals(200, past.status(), past.body());
    assertEquals(1, past.json().get("production").get("version").asLong(), past.body());
    assertEquals(2, past.json().get("candidate").get("version").asLong(), past.body());

    assertEvents(id, "Promotion Started", "Quality Gates Evaluated",
        "Model Version Stage Changed", "Shadow Deployment Requested", "Approval Requested", "Promotion Approved",
        "Canary Traffic Shifted", "Model Version Promoted");
    var verify = http.call("GET", "/v1/models/" + model + "/audit/verify", reader, null);
    assertTrue(verify.json().get("ok").asBoolean(), verify.body());
  }

  @Test
  void failedGate_rejectsWithoutTouchingTraffic() {
    String model = modelWithProduction(0.90, 0.85); // drops 0.05 below production, 0.01 allowed
    String id = startPromotion(model, 2, plan(null, canary(List.of(100)), List.of("approver-1@example.com"), 1));
    JsonNode rejected = awaitStatus(id, "REJECTED");
    assertFalse(rejected.get("gateReport").get("passed").asBoolean());
    assertEquals(1, routing(model).get("production").get("version").asLong());
    assertEquals("None", http.call("GET", "/v1/models/" + model + "/versions/2", reader, null).json().get("stage").asText());
    assertEvents(id, "Promotion Rejected");
  }

  @Test
  void approverRejects_promotionIsRejectedAndTheCandidateLeavesStaging() {
    String model = modelWithProduction(0.90, 0.91);
    String id = startPromotion(model, 2, plan(null, canary(List.of(50, 100)),
        List.of("approver-1@example.com", "approver-2@example.com"), 1));
    awaitPhase(id, "AWAITING_APPROVAL");
    var rejected = http.call("POST", "/v1/promotions/" + id + "/approvals", approver2,
        Map.of("decision", "REJECT", "comment", "not before the holidays"));
    assertEquals(200, rejected.status(), rejected.body());
    JsonNode done = awaitStatus(id, "REJECTED");
    assertEquals("REJECT", done.get("approvals").get(0).get("decision").asText());
    assertNull(routing(model).get("candidate"));
    assertEquals("None", http.call("GET", "/v1/models/" + model + "/versions/2", reader, null).json().get("stage").asText());
    assertEquals(410, decideByMailStatus(mailedLink("approver-1@example.com", model, 2)), "nothing left to decide");
  }

  static int decideByMailStatus(Link link) {
    var page = get(link);
    return page.status();
  }

  @Test
  void nobodyDecides_theApprovalTimesOutAsExpired() {
    String model = modelWithProduction(0.90, 0.91);
    String id = startPromotion(model, 2, plan(null, null, List.of("approver-1@example.com"), 1));
    awaitPhase(id, "AWAITING_APPROVAL");
    Link link = mailedLink("approver-1@example.com", model, 2);
    advance(Duration.ofSeconds(3601));
    awaitStatus(id, "EXPIRED");
    assertEquals(410, get(link).status(), "an expired promotion's link is gone");
    assertEvents(id, "Promotion Expired");
  }

  @Test
  void unhealthyCanary_rollsBackToThePreviousVersion() {
    String model = modelWithProduction(0.90, 0.92);
    String id = startPromotion(model, 2, plan(null, canary(List.of(10, 50, 100)), List.of("approver-1@example.com"), 1));
    awaitPhase(id, "AWAITING_APPROVAL");
    approveByApi(id, approver1);
    awaitCanary(id, 10);
    observe(model, 2, "CANARY", 1000, 1, 150, 0);
    advance(Duration.ofSeconds(300));
    awaitCanary(id, 50);
    observe(model, 2, "CANARY", 1000, 90, 900, 0); // 9 % errors, p95 900 ms
    advance(Duration.ofSeconds(300));
    JsonNode rolledBack = awaitStatus(id, "ROLLED_BACK");
    JsonNode lastHealth = rolledBack.get("health").get(rolledBack.get("health").size() - 1);
    assertFalse(lastHealth.get("healthy").asBoolean(), lastHealth.toString());
    JsonNode routing = routing(model);
    assertEquals(1, routing.get("production").get("version").asLong());
    assertNull(routing.get("candidate"));
    assertEquals("Production", http.call("GET", "/v1/models/" + model + "/versions/1", reader, null).json()
        .get("stage").asText());
    assertEvents(id, "Model Rolled Back");
  }

  @Test
  void links_forgedReplayedAndSelfApprovalRefused_andASecondPromotionConflicts() {
    String model = modelWithProduction(0.90, 0.92);
    String id = startPromotion(model, 2, plan(null, null,
        List.of("publisher@example.com", "approver-1@example.com"), 1));
    awaitPhase(id, "AWAITING_APPROVAL");

    var concurrent = http.call("POST", "/v1/models/" + model + "/versions/2/promotions", publisher,
        Map.of("target", "Production", "reason", "again", "plan", plan(null, null, List.of("approver-1@example.com"), 1)));
    assertEquals(409, concurrent.status(), concurrent.body());
    assertEquals("CONFLICT", concurrent.errorCode());

    Link own = mailedLink("publisher@example.com", model, 2);
    assertEquals(403, get(own).status(), "the requester can't approve their own promotion");
    var selfApi = http.call("POST", "/v1/promotions/" + id + "/approvals", publisher, Map.of("decision", "APPROVE"));
    assertEquals(403, selfApi.status(), selfApi.body());

    Link link = mailedLink("approver-1@example.com", model, 2);
    String forgedSig = (link.sig().charAt(0) == 'A' ? "B" : "A") + link.sig().substring(1);
    assertEquals(403, get(new Link(link.url().replace(link.sig(), forgedSig), link.id(), forgedSig)).status());
    assertEquals(404, get(new Link(link.url().replace(link.id(), "0".repeat(32)), "0".repeat(32), link.sig())).status());
    var page = get(link);
    Matcher csrf = CSRF.matcher(page.body());
    assertTrue(csrf.find());
    assertEquals(403, postForm(link.id(), Map.of("sig", link.sig(), "csrf", "forged", "decision", "APPROVE")).status(),
        "a POST without the page's CSRF token is refused");
    assertEquals("AWAITING_APPROVAL", promotion(id).get("phase").asText());
    assertEquals(200, postForm(link.id(), Map.of("sig", link.sig(), "csrf", csrf.group(1), "decision", "APPROVE",
        "comment", "")).status());
    assertEquals(410, postForm(link.id(), Map.of("sig", link.sig(), "csrf", csrf.group(1), "decision", "REJECT",
        "comment", "")).status(), "a replayed POST is refused");
    awaitStatus(id, "SUCCEEDED");
  }

  @Test
  void cancelAndManualRollback() {
    String model = modelWithProduction(0.90, 0.92);
    String id = startPromotion(model, 2, plan(null, canary(List.of(20, 100)), List.of("approver-1@example.com"), 1));
    awaitPhase(id, "AWAITING_APPROVAL");
    approveByApi(id, approver1);
    awaitCanary(id, 20);
    var cancelled = http.call("POST", "/v1/promotions/" + id + "/cancel", publisher, Map.of("reason", "wrong build"));
    assertEquals(200, cancelled.status(), cancelled.body());
    assertEquals("CANCELLED", cancelled.json().get("status").asText());
    assertNull(routing(model).get("candidate"), "traffic back on production");

    long third = publish(model, 0.95);
    String next = startPromotion(model, third, plan(null, null, List.of("approver-1@example.com"), 1));
    awaitPhase(next, "AWAITING_APPROVAL");
    approveByApi(next, approver1);
    awaitStatus(next, "SUCCEEDED");
    assertEquals(third, routing(model).get("production").get("version").asLong());

    var denied = http.call("POST", "/v1/models/" + model + "/rollback", publisher, Map.of("reason", "bad"));
    assertEquals(403, denied.status(), "rollback is admin only");
    var rollback = http.call("POST", "/v1/models/" + model + "/rollback", admin, Map.of("reason", "latency regression"));
    assertEquals(200, rollback.status(), rollback.body());
    assertEquals(1, rollback.json().get("toVersion").asLong());
    assertEquals(1, routing(model).get("production").get("version").asLong());
    var audit = http.call("GET", "/v1/models/" + model + "/audit/verify", reader, null);
    assertTrue(audit.json().get("ok").asBoolean(), audit.body());
    List<String> actions = new ArrayList<>();
    http.call("GET", "/v1/models/" + model + "/audit?pageSize=200", reader, null).json().get("entries")
        .forEach(entry -> actions.add(entry.get("action").asText()));
    assertTrue(actions.contains("ROLLBACK") && actions.contains("PROMOTION_CANCELLED"), actions.toString());
    assertNotNull(actions);
  }
}
