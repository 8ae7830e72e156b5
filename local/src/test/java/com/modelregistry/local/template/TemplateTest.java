package com.modelregistry.local.template;

import static com.modelregistry.local.template.ParsedTemplate.asList;
import static com.modelregistry.local.template.ParsedTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.aws.Config;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks template.yaml the way a reviewer would: it is valid SAM, it points at handlers that
 * exist, it sets every environment variable the code reads, and it keeps the security and
 * SnapStart invariants. The template is the contract between the code and AWS, and the local
 * runtime provisions from it too, so a mistake here breaks both.
 */
class TemplateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RepositoryLayout REPO = RepositoryLayout.locate();
  private static final String TEMPLATE_TEXT = RepositoryLayout.read(REPO.template());
  private static final ParsedTemplate TEMPLATE = ParsedTemplate.parse(TEMPLATE_TEXT);

  /**
   * Set by Lambda itself: a template may not set them (deployment fails), and code may read them
   * without the template's help. From the Lambda developer guide, "Defined runtime environment
   * variables".
   */
  static final Set<String> LAMBDA_RESERVED = Set.of(
      "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
      "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
      "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

  /**
   * Actions that have no resource-level permissions, so AWS requires {@code Resource: "*"} for
   * them: X-Ray's write and sampling actions, CloudWatch PutMetricData (scoped by a
   * cloudwatch:namespace condition instead), and the CloudWatch Logs log-delivery actions a
   * state machine needs to send its logs (the Step Functions guide's logging policy). SAM
   * attaches X-Ray and the functions' CloudWatch Logs access as AWS managed policies.
   */
  static final Set<String> ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS = Set.of(
      "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
      "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries", "cloudwatch:PutMetricData",
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

  /** The only routes that may opt out of the JWT authorizer, and why (see template comments). */
  static final Set<String> ROUTES_WITHOUT_JWT = Set.of(
      "GET /v1/health",                 // uptime checks
      "GET /v1/approvals/{id}",         // emailed approval links, HMAC-signed: the confirmation page
      "POST /v1/approvals/{id}");       // ... and the decision (with the page's CSRF token)

  /**
   * The Config variables every function sets: where the data is and how the API behaves. Config
   * builds from them in every function, so they may not differ between functions.
   */
  static final List<String> BASE_VARIABLES = List.of(
      "MODELS_TABLE", "ARTIFACTS_BUCKET", "S3_FORCE_PATH_STYLE", "MULTIPART_THRESHOLD_BYTES", "MULTIPART_PART_BYTES",
      "UPLOAD_URL_TTL_SECONDS", "DOWNLOAD_URL_TTL_SECONDS", "MAX_BODY_BYTES", "ROLES_CLAIM");

  /**
   * The other Config variables, set only on the functions that use them (from the promotions
   * design): an unused ARN or secret in a function's environment is a hint it has permissions to
   * match, and least privilege starts with not knowing.
   */
  static final Map<String, Set<String>> FUNCTION_VARIABLES = Map.of(
      "ApiFunction", Set.of("PROMOTION_STATE_MACHINE_ARN"),
      "ApprovalFunction", Set.of("APPROVAL_SECRET_ARN"),
      "WorkflowFunction", Set.of(),
      "ApprovalRequestFunction", Set.of("APPROVAL_BASE_URL", "API_URL", "SENDER_EMAIL", "APPROVAL_SECRET_ARN"),
      "EventRelayFunction", Set.of("EVENT_BUS_NAME"));

  private static final Set<String> PSEUDO_PARAMETERS = Set.of(
      "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
      "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

  // ---------------------------------------------------------------------------------------------
  @Nested
  class SamSchema {

    @Test
    void templateIsValidAgainstTheSamSchema() {
      JsonSchema schema = samSchema();
      long start = System.nanoTime();
      Set<ValidationMessage> errors = schema.validate(JSON.valueToTree(TEMPLATE.tree()));
      System.out.printf("[TemplateTest] validated template.yaml against the SAM schema in %d ms%n",
          (System.nanoTime() - start) / 1_000_000);

      assertTrue(errors.isEmpty(), "template.yaml is not valid SAM:\n" + explain(TEMPLATE.tree(), errors));
    }

    static Stream<Arguments> brokenTemplates() {
      return Stream.of(
          Arguments.of("a misspelt function property", "Handlr",
              (Consumer<Map<String, Object>>) t -> rename(functionProperties(t), "Handler", "Handlr")),
          Arguments.of("a misspelt Globals.Function property", "Runtim",
              (Consumer<Map<String, Object>>) t -> rename(map(map(t.get("Globals")).get("Function")), "Runtime", "Runtim")),
          Arguments.of("a misspelt HttpApi event property", "Methd",
              (Consumer<Map<String, Object>>) t -> rename(
                  map(map(map(functionProperties(t).get("Events")).get("Health")).get("Properties")), "Method", "Methd")),
          Arguments.of("a misspelt HttpApi Auth property", "DefaultAuthoriser",
              (Consumer<Map<String, Object>>) t -> rename(
                  map(ParsedTemplate.properties(map(map(t.get("Resources")).get("HttpApi"))).get("Auth")),
                  "DefaultAuthorizer", "DefaultAuthoriser")),
          Arguments.of("a string where the schema wants a boolean (HttpApi PropagateTags)", "PropagateTags",
              (Consumer<Map<String, Object>>) t ->
                  ParsedTemplate.properties(map(map(t.get("Resources")).get("HttpApi"))).put("PropagateTags", "yes")),
          Arguments.of("a misspelt serverless resource type", "Type",
              (Consumer<Map<String, Object>>) t ->
                  map(map(t.get("Resources")).get("ApiFunction")).put("Type", "AWS::Serverless::Functon")));
    }

    /** Proves the validation above can fail: each broken copy must be rejected, naming the problem. */
    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("brokenTemplates")
    void brokenCopiesOfTheTemplateAreRejected(String what, String mentioned, Consumer<Map<String, Object>> breakIt) {
      Map<String, Object> copy = ParsedTemplate.parse(TEMPLATE_TEXT).tree();
      breakIt.accept(copy);

      Set<ValidationMessage> errors = samSchema().validate(JSON.valueToTree(copy));

      assertFalse(errors.isEmpty(), "the SAM schema accepted a template with " + what);
      String explanation = explain(copy, errors);
      assertTrue(explanation.contains(mentioned), "the explanation does not mention '" + mentioned + "':\n" + explanation);
    }

    /** No network here (nor in CI, necessarily): the validator must never try to fetch a schema. */
    @Test
    void theValidatorRefusesToFetchRemoteSchemas() throws IOException {
      JsonNode remote = JSON.readTree("{\"$schema\":\"http://json-schema.org/draft-04/schema#\","
          + "\"$ref\":\"https://schemas.example.invalid/thing.json\"}");

      Exception e = assertThrows(Exception.class,
          () -> offlineSchemaFactory().getSchema(SchemaLocation.of("urn:test"), remote, validatorConfig())
              .validate(JSON.readTree("{}")));
      assertTrue(messages(e).contains("refusing to fetch"), messages(e));
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class Handlers {

    @Test
    void everyFunctionHandlerClassAndMethodExist() throws Exception {
      List<String> functions = functions();
      for (String id : functions) {
        String handler = String.valueOf(TEMPLATE.effectiveFunctionProperties(id).get("Handler"));
        String[] parts = handler.split("::");
        assertEquals(2, parts.length, id + ": Handler must be class::method, is " + handler);

        Class<?> type = Class.forName(parts[0], false, getClass().getClassLoader());
        List<Method> methods = Arrays.stream(type.getMethods())
            .filter(m -> m.getName().equals(parts[1]) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
            .toList();
        assertFalse(methods.isEmpty(), id + ": " + type.getName() + " has no public method " + parts[1]);
        assertTrue(methods.stream().anyMatch(m -> m.getParameterCount() == 2
                && m.getParameterTypes()[1].getName().equals("com.amazonaws.services.lambda.runtime.Context")),
            id + ": " + handler + " must take (event, Context)");
        assertTrue(Modifier.isPublic(type.getModifiers()), id + ": " + type.getName() + " must be public");
        assertTrue(hasPublicNoArgConstructor(type), id + ": Lambda needs a public no-arg constructor on " + type.getName());
      }
    }

    /**
     * The Lambda zip holds the CodeUri module and its runtime dependencies only: a handler whose
     * source lives elsewhere would be on this test's classpath yet missing in AWS.
     */
    @Test
    void everyHandlerIsBuiltFromItsCodeUri() {
      for (String id : functions()) {
        Map<String, Object> properties = TEMPLATE.effectiveFunctionProperties(id);
        String codeUri = String.valueOf(properties.get("CodeUri"));
        Path module = REPO.root().resolve(codeUri).normalize();
        assertTrue(Files.isRegularFile(module.resolve("pom.xml")), id + ": CodeUri " + codeUri + " is not a Maven module");

        String className = String.valueOf(properties.get("Handler")).split("::")[0];
        String sourcePath = "src/main/java/" + className.replace('.', '/') + ".java";
        Set<Path> reachable = REPO.modulesReachableFrom(codeUri);
        assertTrue(reachable.stream().anyMatch(m -> Files.isRegularFile(m.resolve(sourcePath))),
            id + ": " + className + " is not in " + codeUri + " or the modules it depends on " + reachable);
      }
    }

    /**
     * SAM CLI accepts only known build methods (makefile, a runtime name, ...) and fails
     * `sam build` with "'x' does not have a supported builder" otherwise; for Java a runtime name
     * selects the Maven workflow from the pom.xml.
     */
    @Test
    void buildMethodIsOneSamCliKnows() {
      for (String id : functions()) {
        Object buildMethod = map(TEMPLATE.resource(id).get("Metadata")).get("BuildMethod");
        Object runtime = TEMPLATE.effectiveFunctionProperties(id).get("Runtime");
        assertTrue(buildMethod == null || buildMethod.equals("makefile") || buildMethod.equals(runtime),
            id + ": Metadata.BuildMethod '" + buildMethod + "' must be absent, makefile or the runtime (" + runtime + ")");
      }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> type) {
      return Arrays.stream(type.getConstructors()).anyMatch(c -> c.getParameterCount() == 0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class EnvironmentVariables {

    @Test
    void everyConfigVariableIsSetForEveryFunctionThatBuildsConfig() {
      Path configModule = moduleHolding(Config.class);
      List<String> users = functions().stream()
          .filter(id -> REPO.modulesReachableFrom(codeUri(id)).contains(configModule))
          .toList();
      assertFalse(users.isEmpty(), "no function depends on " + configModule + ": the check would be vacuous");

      for (String id : users) {
        assertTrue(FUNCTION_VARIABLES.containsKey(id), id + " builds Config: list the promotion variables it"
            + " needs (if any) in TemplateTest.FUNCTION_VARIABLES");
        Map<String, Object> environment = TEMPLATE.effectiveEnvironment(id);
        List<String> expected = new ArrayList<>(BASE_VARIABLES);
        expected.addAll(new TreeSet<>(FUNCTION_VARIABLES.get(id)));
        List<String> missing = expected.stream().filter(name -> isBlank(environment.get(name))).toList();
        assertTrue(missing.isEmpty(), id + " builds Config but the template does not set " + missing
            + " (Globals.Function.Environment or the function's own Environment)");
        Set<String> unexpected = new TreeSet<>(environment.keySet());
        unexpected.retainAll(Config.VARIABLES);
        expected.forEach(unexpected::remove);
        assertTrue(unexpected.isEmpty(), id + " sets " + unexpected + ", which TemplateTest.FUNCTION_VARIABLES does"
            + " not give it: a function gets only the configuration (and so the permissions) it uses");
      }
    }

    /** A variable added to Config must be placed: on every function, or on the ones that use it. */
    @Test
    void everyConfigVariableIsEitherABaseOneOrGivenToSomeFunction() {
      Set<String> placed = new TreeSet<>(BASE_VARIABLES);
      FUNCTION_VARIABLES.values().forEach(placed::addAll);
      Set<String> unplaced = new TreeSet<>(Config.VARIABLES);
      unplaced.removeAll(placed);
      assertTrue(unplaced.isEmpty(), "Config.VARIABLES has " + unplaced + ": add them to BASE_VARIABLES or to the"
          + " functions that need them in FUNCTION_VARIABLES");
      Set<String> unknown = new TreeSet<>(placed);
      unknown.removeAll(Config.VARIABLES);
      assertTrue(unknown.isEmpty(), "TemplateTest lists " + unknown + ", which Config does not read");
    }

    /** Shared settings live in Globals, so the functions' Config can't disagree on them. */
    @Test
    void sharedSettingsAreSetOnceInGlobalsAndResourcesPerFunction() {
      Map<String, Object> globals = map(map(map(map(TEMPLATE.tree().get("Globals")).get("Function"))
          .get("Environment")).get("Variables"));
      for (String name : BASE_VARIABLES) {
        boolean namesAResource = name.equals("MODELS_TABLE") || name.equals("ARTIFACTS_BUCKET");
        assertEquals(!namesAResource, globals.containsKey(name),
            name + (namesAResource ? " names a resource: set it per function" : " belongs in Globals.Function.Environment"));
      }
      for (String id : functions()) {
        Map<String, Object> own = map(map(ParsedTemplate.properties(TEMPLATE.resource(id)).get("Environment")).get("Variables"));
        Set<String> overridden = new TreeSet<>(own.keySet());
        overridden.retainAll(globals.keySet());
        assertTrue(overridden.isEmpty(), id + " overrides the shared " + overridden);
      }
    }

    @Test
    void everyVariableTheFunctionSourcesReadIsSetOrReservedByLambda() {
      Set<Path> coveredModules = new HashSet<>();
      List<String> problems = new ArrayList<>();
      for (String id : functions()) {
        Map<String, Object> environment = TEMPLATE.effectiveEnvironment(id);
        for (Path module : REPO.modulesReachableFrom(codeUri(id))) {
          coveredModules.add(module);
          RepositoryLayout.environmentReads(module).forEach((name, where) -> {
            // Config reads every variable, optional ones included; which function needs which
            // is the business of everyConfigVariableIsSetForEveryFunctionThatBuildsConfig.
            boolean readByConfig = where.startsWith("Config.java:") && Config.VARIABLES.contains(name);
            if (!LAMBDA_RESERVED.contains(name) && !readByConfig && isBlank(environment.get(name))) {
              problems.add(id + " does not set " + name + " (read at " + where + ")");
            }
          });
        }
      }
      // Modules no function packages yet (e.g. workflow/ before its functions exist): whatever they
      // read must at least be set somewhere in the template.
      Set<String> setAnywhere = new HashSet<>();
      functions().forEach(id -> setAnywhere.addAll(TEMPLATE.effectiveEnvironment(id).keySet()));
      for (Path module : REPO.functionModules().values()) {
        if (!coveredModules.contains(module)) {
          RepositoryLayout.environmentReads(module).forEach((name, where) -> {
            if (!LAMBDA_RESERVED.contains(name) && !setAnywhere.contains(name)) {
              problems.add("no function sets " + name + " (read at " + where + ")");
            }
          });
        }
      }
      assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Keeps Config.VARIABLES honest, and proves the source scan finds what Config reads. */
    @Test
    void configReadsOnlyTheVariablesItLists() {
      Path source = moduleHolding(Config.class).resolve("src/main/java/com/modelregistry/aws/Config.java");
      Map<String, String> reads = new TreeMap<>();
      RepositoryLayout.environmentReads(source, reads);

      Set<String> allowed = new TreeSet<>(Config.VARIABLES);
      allowed.add(Config.REGION_VARIABLE);
      Set<String> unlisted = new TreeSet<>(reads.keySet());
      unlisted.removeAll(allowed);
      assertTrue(unlisted.isEmpty(), "Config.java reads " + unlisted + " but Config.VARIABLES does not list them");
      assertTrue(reads.keySet().containsAll(List.of("MODELS_TABLE", "ARTIFACTS_BUCKET")),
          "the source scan no longer recognises how Config reads variables: found only " + reads.keySet());
    }

    @Test
    void theTemplateSetsNoLambdaReservedVariableAndOnlyStringValues() {
      for (String id : functions()) {
        TEMPLATE.effectiveEnvironment(id).forEach((name, value) -> {
          assertFalse(LAMBDA_RESERVED.contains(name), id + ": " + name + " is reserved by Lambda");
          assertTrue(value instanceof String || value instanceof Map<?, ?> m && ParsedTemplate.isIntrinsic(m),
              id + ": " + name + " must be a quoted string or an intrinsic, is " + value);
        });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class SecurityInvariants {

    @Test
    void noAllowStatementGrantsWildcardActionsResourcesOrPrincipals() {
      List<ParsedTemplate.Statement> statements = TEMPLATE.policyStatements();
      assertTrue(statements.stream().anyMatch(s -> s.effect().equals("Allow")),
          "found no Allow statement at all: the check would be vacuous");

      List<String> violations = new ArrayList<>();
      statements.forEach(s -> violations.addAll(wildcardViolations(s)));
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    static Stream<Arguments> overlyBroadStatements() {
      return Stream.of(
          Arguments.of(Map.of("Effect", "Allow", "Action", "*", "Resource", "arn:aws:s3:::b/*"), true),
          Arguments.of(Map.of("Effect", "Allow", "Action", List.of("dynamodb:*"), "Resource", "arn:x"), true),
          Arguments.of(Map.of("Effect", "Allow", "Action", "s3:Get*", "Resource", "arn:x"), true),
          Arguments.of(Map.of("Effect", "Allow", "Action", "s3:GetObject", "Resource", "*"), true),
          Arguments.of(Map.of("Effect", "Allow", "Principal", "*", "Action", "s3:GetObject", "Resource", "arn:x"), true),
          Arguments.of(Map.of("Effect", "Allow", "Action", "xray:PutTraceSegments", "Resource", "*"), false),
          Arguments.of(Map.of("Effect", "Deny", "Principal", "*", "Action", "s3:*", "Resource", "arn:x"), false),
          Arguments.of(Map.of("Effect", "Allow", "Action", "s3:GetObject", "Resource", "arn:aws:s3:::b/models/*"), false));
    }

    /** Proves the IAM check above flags what it should, and only that. */
    @ParameterizedTest(name = "{0} -> flagged: {1}")
    @MethodSource("overlyBroadStatements")
    void theWildcardCheckFlagsBroadAllowStatements(Map<String, Object> statement, boolean flagged) {
      assertEquals(flagged, !wildcardViolations(new ParsedTemplate.Statement("test", statement)).isEmpty());
    }

    @Test
    void functionPoliciesAreScopedAndNoBroadManagedPolicyIsAttached() {
      for (String id : functions()) {
        List<Object> policies = asList(TEMPLATE.effectiveFunctionProperties(id).get("Policies"));
        assertFalse(policies.isEmpty(), id + " has no Policies: it could not reach its table or bucket");
        for (Object policy : policies) {
          if (policy instanceof String name) {
            assertFalse(name.contains("FullAccess") || name.contains("AdministratorAccess") || name.contains("PowerUser"),
                id + " attaches the broad managed policy " + name);
          } else if (!map(policy).containsKey("Statement")) {
            // A SAM policy template such as DynamoDBCrudPolicy: {TableName: !Ref ModelsTable}.
            map(policy).forEach((template, parameters) -> map(parameters).forEach((parameter, value) ->
                assertFalse("*".equals(value), id + ": " + template + "." + parameter + " is '*'")));
          }
        }
      }
    }

    @Test
    void artifactsBucketIsVersionedEncryptedPrivateAndRetained() {
      Map<String, Object> bucket = TEMPLATE.resource("ArtifactsBucket");
      Map<String, Object> p = ParsedTemplate.properties(bucket);

      assertEquals("Retain", bucket.get("DeletionPolicy"), "DeletionPolicy");
      assertEquals("Enabled", map(p.get("VersioningConfiguration")).get("Status"), "versioning");
      Object algorithm = map(map(asList(map(p.get("BucketEncryption")).get("ServerSideEncryptionConfiguration"))
          .get(0)).get("ServerSideEncryptionByDefault")).get("SSEAlgorithm");
      assertTrue(Set.of("AES256", "aws:kms", "aws:kms:dsse").contains(algorithm), "default encryption: " + algorithm);
      Map<String, Object> block = map(p.get("PublicAccessBlockConfiguration"));
      for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
        assertEquals(Boolean.TRUE, block.get(flag), "PublicAccessBlockConfiguration." + flag);
      }
      assertEquals("BucketOwnerEnforced",
          map(asList(map(p.get("OwnershipControls")).get("Rules")).get(0)).get("ObjectOwnership"), "ACLs disabled");
    }

    @Test
    void artifactsBucketSupportsPresignedBrowserUploadsAndCleansUpAfterThem() {
      Map<String, Object> p = ParsedTemplate.properties(TEMPLATE.resource("ArtifactsBucket"));

      Map<String, Object> cors = map(asList(map(p.get("CorsConfiguration")).get("CorsRules")).get(0));
      assertTrue(asList(cors.get("AllowedMethods")).containsAll(List.of("PUT", "GET", "HEAD")), "CORS methods");
      assertTrue(asList(cors.get("ExposedHeaders")).contains("ETag"), "multipart completion needs each part's ETag");
      List<Object> rules = asList(map(p.get("LifecycleConfiguration")).get("Rules"));
      assertTrue(rules.stream().map(ParsedTemplate::map)
              .anyMatch(r -> "Enabled".equals(r.get("Status")) && r.containsKey("AbortIncompleteMultipartUpload")),
          "a lifecycle rule must abort incomplete multipart uploads");
      assertTrue(rules.stream().map(ParsedTemplate::map)
              .anyMatch(r -> "Enabled".equals(r.get("Status")) && r.containsKey("NoncurrentVersionExpiration")),
          "a lifecycle rule must expire noncurrent versions");
    }

    @Test
    void artifactsBucketPolicyDeniesPlainHttp() {
      String policyId = TEMPLATE.resourcesOfType("AWS::S3::BucketPolicy").stream()
          .filter(id -> Map.of("Ref", "ArtifactsBucket").equals(ParsedTemplate.properties(TEMPLATE.resource(id)).get("Bucket")))
          .findFirst().orElseThrow(() -> new AssertionError("no bucket policy for ArtifactsBucket"));
      List<Object> statements = asList(map(ParsedTemplate.properties(TEMPLATE.resource(policyId)).get("PolicyDocument")).get("Statement"));

      assertTrue(statements.stream().map(ParsedTemplate::map).anyMatch(s -> "Deny".equals(s.get("Effect"))
              && "false".equals(String.valueOf(map(map(s.get("Condition")).get("Bool")).get("aws:SecureTransport")))
              && asList(s.get("Resource")).size() == 2),
          "the bucket policy must deny aws:SecureTransport=false on the bucket and its objects");
    }

    @Test
    void modelsTableIsRecoverableProtectedAndRetained() {
      Map<String, Object> table = TEMPLATE.resource("ModelsTable");
      Map<String, Object> p = ParsedTemplate.properties(table);

      assertEquals("Retain", table.get("DeletionPolicy"), "DeletionPolicy");
      assertEquals("Retain", table.get("UpdateReplacePolicy"), "UpdateReplacePolicy");
      assertEquals(Boolean.TRUE, map(p.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"), "PITR");
      assertEquals(Boolean.TRUE, p.get("DeletionProtectionEnabled"), "deletion protection");
      assertEquals(Boolean.TRUE, map(p.get("SSESpecification")).get("SSEEnabled"), "SSE");
      assertEquals(Map.of("AttributeName", "expiresAt", "Enabled", true), p.get("TimeToLiveSpecification"), "TTL");
      assertEquals("PAY_PER_REQUEST", p.get("BillingMode"));
    }

    /** CloudFormation rejects a table whose AttributeDefinitions list an attribute no key uses. */
    @Test
    void modelsTableKeysAndIndexesMatchTheirAttributeDefinitions() {
      Map<String, Object> p = ParsedTemplate.properties(TEMPLATE.resource("ModelsTable"));
      Map<String, String> expectedIndexes = Map.of("ByStage", "GSI1", "ByOwner", "GSI2", "ByName", "GSI3");

      Set<String> keyAttributes = new TreeSet<>(keyAttributes(p.get("KeySchema")));
      Map<String, Object> indexes = new LinkedHashMap<>();
      for (Object index : asList(p.get("GlobalSecondaryIndexes"))) {
        indexes.put(String.valueOf(map(index).get("IndexName")), index);
      }
      assertEquals(expectedIndexes.keySet(), indexes.keySet(), "GSIs");
      expectedIndexes.forEach((name, prefix) -> {
        Map<String, Object> index = map(indexes.get(name));
        assertEquals(List.of(prefix + "PK", prefix + "SK"), keyAttributes(index.get("KeySchema")), name + " key");
        assertEquals("ALL", map(index.get("Projection")).get("ProjectionType"), name + " projection");
        keyAttributes.addAll(keyAttributes(index.get("KeySchema")));
      });
      Map<String, Object> definitions = new TreeMap<>();
      asList(p.get("AttributeDefinitions")).forEach(d -> definitions.put(
          String.valueOf(map(d).get("AttributeName")), map(d).get("AttributeType")));
      assertEquals(keyAttributes, definitions.keySet(), "AttributeDefinitions must list exactly the key attributes");
      definitions.forEach((name, type) -> assertEquals("S", type, name + " type"));
    }

    @Test
    void everyFunctionRunsJava21OnArm64WithSnapStartThroughGlobals() {
      Map<String, Object> globals = map(map(TEMPLATE.tree().get("Globals")).get("Function"));
      assertEquals("java21", globals.get("Runtime"), "Globals.Function.Runtime");
      assertEquals(List.of("arm64"), globals.get("Architectures"), "Globals.Function.Architectures");
      assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"), "Globals.Function.SnapStart");

      for (String id : functions()) {
        Map<String, Object> p = TEMPLATE.effectiveFunctionProperties(id);
        assertEquals("java21", p.get("Runtime"), id + " Runtime");
        assertEquals(List.of("arm64"), p.get("Architectures"), id + " Architectures");
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), p.get("SnapStart"), id + " SnapStart");
        // SnapStart applies to published versions only: without an alias, callers hit $LATEST.
        assertFalse(isBlank(p.get("AutoPublishAlias")), id + " needs AutoPublishAlias for SnapStart to be used");
        assertEquals("Active", p.get("Tracing"), id + " Tracing");
        if (hasHttpApiEvents(id)) {
          assertTrue(p.get("Timeout") instanceof Integer t && t <= 29, id + " Timeout must stay under the HTTP API's 30 s");
        } else {
          assertTrue(p.get("Timeout") instanceof Integer t && t > 0 && t <= 900, id + " Timeout (Lambda allows 1 to 900 s)");
        }
      }
    }

    @Test
    void everyFunctionLogsToItsOwnLogGroupAndEveryLogGroupHasARetention() {
      for (String id : functions()) {
        Object logGroup = map(TEMPLATE.effectiveFunctionProperties(id).get("LoggingConfig")).get("LogGroup");
        assertTrue(logGroup instanceof Map<?, ?> m && m.get("Ref") instanceof String ref
                && TEMPLATE.resourcesOfType("AWS::Logs::LogGroup").contains(ref),
            id + ": LoggingConfig.LogGroup must !Ref a log group of this template, is " + logGroup);
      }
      List<String> logGroups = TEMPLATE.resourcesOfType("AWS::Logs::LogGroup");
      assertFalse(logGroups.isEmpty(), "no log groups");
      for (String id : logGroups) {
        assertNotNull(ParsedTemplate.properties(TEMPLATE.resource(id)).get("RetentionInDays"), id + " RetentionInDays");
      }
    }

    @Test
    void everyRouteNeedsAJwtExceptTheListedOnes() {
      Map<String, Object> api = ParsedTemplate.properties(TEMPLATE.resource("HttpApi"));
      Map<String, Object> auth = map(api.get("Auth"));
      String defaultAuthorizer = String.valueOf(auth.get("DefaultAuthorizer"));
      Map<String, Object> jwt = map(map(map(auth.get("Authorizers")).get(defaultAuthorizer)).get("JwtConfiguration"));
      assertEquals(Map.of("Ref", "JwtIssuer"), jwt.get("issuer"), "JWT issuer");
      assertEquals(Map.of("Ref", "JwtAudience"), jwt.get("audience"), "JWT audience");
      assertEquals("$request.header.Authorization",
          map(map(auth.get("Authorizers")).get(defaultAuthorizer)).get("IdentitySource"));
      assertTrue(map(api.get("AccessLogSettings")).get("DestinationArn") != null, "HttpApi access logs");

      Set<String> open = new TreeSet<>();
      for (String id : functions()) {
        map(TEMPLATE.effectiveFunctionProperties(id).get("Events")).forEach((name, event) -> {
          if (!"HttpApi".equals(map(event).get("Type"))) {
            return;
          }
          Map<String, Object> properties = map(map(event).get("Properties"));
          assertEquals(Map.of("Ref", "HttpApi"), properties.get("ApiId"), id + "." + name + " must attach to HttpApi");
          if ("NONE".equals(map(properties.get("Auth")).get("Authorizer"))) {
            open.add(properties.get("Method") + " " + properties.get("Path"));
          }
        });
      }
      assertEquals(ROUTES_WITHOUT_JWT, open, "routes without the JWT authorizer");
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class ReferencesAndOutputs {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(?!!)([^}]+)}");

    /** A typo in !Ref, !GetAtt or !Sub only shows up at deploy time otherwise. */
    @Test
    void everyReferenceNamesAParameterResourceOrPseudoParameter() {
      Set<String> parameters = map(TEMPLATE.tree().get("Parameters")).keySet();
      Set<String> resources = TEMPLATE.resources().keySet();
      List<String> dangling = new ArrayList<>();
      ParsedTemplate.walk(TEMPLATE.tree(), "", (path, node) -> {
        Map<String, Object> m = map(node);
        if (m.get("Ref") instanceof String ref && !resolves(ref, parameters, resources, true)) {
          dangling.add(path + ": Ref " + ref);
        }
        if (m.containsKey("Fn::GetAtt")) {
          String target = String.valueOf(asList(m.get("Fn::GetAtt")).get(0));
          if (!resources.contains(target)) {
            dangling.add(path + ": GetAtt " + target);
          }
        }
        if (m.containsKey("Fn::Sub")) {
          List<Object> sub = asList(m.get("Fn::Sub"));
          Set<String> local = sub.size() > 1 ? map(sub.get(1)).keySet() : Set.of();
          Matcher matcher = SUB_VARIABLE.matcher(String.valueOf(sub.get(0)));
          while (matcher.find()) {
            String name = matcher.group(1).split("\\.")[0];
            if (!local.contains(name) && !resolves(matcher.group(1), parameters, resources, false)) {
              dangling.add(path + ": Sub ${" + matcher.group(1) + "}");
            }
          }
        }
      });
      assertTrue(dangling.isEmpty(), "references to nothing:\n" + String.join("\n", dangling));
    }

    /** sam deploy --guided asks for every parameter: an unused one is a question for nothing. */
    @Test
    void everyParameterIsUsed() {
      Set<String> used = new HashSet<>();
      ParsedTemplate.walk(TEMPLATE.tree().get("Resources"), "", (path, node) -> collectRefs(node, used));
      ParsedTemplate.walk(TEMPLATE.tree().get("Globals"), "", (path, node) -> collectRefs(node, used));
      Set<String> unused = new TreeSet<>(map(TEMPLATE.tree().get("Parameters")).keySet());
      unused.removeAll(used);
      assertTrue(unused.isEmpty(), "unused parameters: " + unused);
    }

    @Test
    void outputsNameTheApiUrlTableBucketAndFunction() {
      Map<String, Object> outputs = map(TEMPLATE.tree().get("Outputs"));
      assertTrue(outputs.keySet().containsAll(List.of("ApiUrl", "ModelsTableName", "ArtifactsBucketName", "ApiFunctionArn",
              "EventBusName", "PromotionStateMachineArn", "ApprovalSigningSecretArn")),
          "outputs: " + outputs.keySet());
      assertEquals(Map.of("Fn::Sub", "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"),
          map(outputs.get("ApiUrl")).get("Value"));
    }

    private static void collectRefs(Object node, Set<String> used) {
      Map<String, Object> m = map(node);
      if (m.get("Ref") instanceof String ref) {
        used.add(ref);
      }
      if (m.containsKey("Fn::Sub")) {
        Matcher matcher = SUB_VARIABLE.matcher(String.valueOf(asList(m.get("Fn::Sub")).get(0)));
        while (matcher.find()) {
          used.add(matcher.group(1).split("\\.")[0]);
        }
      }
    }

    private static boolean resolves(String name, Set<String> parameters, Set<String> resources, boolean isRef) {
      if (PSEUDO_PARAMETERS.contains(name) || parameters.contains(name) || resources.contains(name)) {
        return true;
      }
      int dot = name.indexOf('.');
      if (dot < 0) {
        return false;
      }
      String target = name.substring(0, dot);
      String attribute = name.substring(dot + 1);
      // !Ref Function.Alias / Function.Version are SAM's names for its generated alias and version.
      return resources.contains(target) && (!isRef || Set.of("Alias", "Version").contains(attribute));
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class Promotions {

    private static final String STATE_MACHINE = "PromotionStateMachine";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final Set<String> LAMBDA_INTEGRATIONS =
        Set.of("arn:aws:states:::lambda:invoke", "arn:aws:states:::lambda:invoke.waitForTaskToken");
    private static final Set<String> CALLBACK_ACTIONS = Set.of("states:SendTaskSuccess", "states:SendTaskFailure");

    private Map<String, Object> stateMachine() {
      return ParsedTemplate.properties(TEMPLATE.resource(STATE_MACHINE));
    }

    private JsonNode definition() {
      Object uri = stateMachine().get("DefinitionUri");
      assertTrue(uri instanceof String, "DefinitionUri must be a file of the repository, is " + uri);
      try {
        return JSON.readTree(REPO.root().resolve((String) uri).toFile());
      } catch (IOException e) {
        throw new AssertionError("can't read the definition " + uri + ": " + e.getMessage(), e);
      }
    }

    /** Only the function behind the signed links may resume a waiting promotion (approve or reject it). */
    @Test
    void onlyApprovalFunctionMayResumeAWaitingPromotion() {
      Set<String> holders = new TreeSet<>();
      for (ParsedTemplate.Statement statement : TEMPLATE.policyStatements()) {
        if (statement.effect().equals("Allow") && statement.actions().stream().anyMatch(a ->
            CALLBACK_ACTIONS.contains(a) || String.valueOf(a).equals("states:*") || String.valueOf(a).equals("*"))) {
          holders.add(resourceOf(statement));
        }
      }
      assertEquals(Set.of("ApprovalFunction"), holders, "resources allowed states:SendTaskSuccess/SendTaskFailure");
    }

    /**
     * Events leave only through the outbox: the relay reads them from the table's stream, so a function
     * allowed to put events itself could publish one whose change never committed.
     */
    @Test
    void onlyTheEventRelayPutsEventsAndItReadsTheOutboxFromTheTableStream() {
      Set<String> holders = new TreeSet<>();
      for (ParsedTemplate.Statement statement : TEMPLATE.policyStatements()) {
        if (statement.effect().equals("Allow") && statement.actions().stream().anyMatch(a ->
            String.valueOf(a).equals("events:PutEvents") || String.valueOf(a).equals("events:*")
                || String.valueOf(a).equals("*"))) {
          holders.add(resourceOf(statement));
        }
      }
      assertEquals(Set.of("EventRelayFunction"), holders, "resources allowed events:PutEvents");

      Map<String, Object> table = ParsedTemplate.properties(TEMPLATE.resource("ModelsTable"));
      assertEquals(Map.of("StreamViewType", "NEW_IMAGE"), table.get("StreamSpecification"));
      Map<?, ?> outbox = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ParsedTemplate.properties(
          TEMPLATE.resource("EventRelayFunction")).get("Events")).get("Outbox")).get("Properties");
      assertEquals(Map.of("Fn::GetAtt", List.of("ModelsTable", "StreamArn")), outbox.get("Stream"));
      assertEquals(List.of("ReportBatchItemFailures"), outbox.get("FunctionResponseTypes"));
      assertEquals(-1, outbox.get("MaximumRetryAttempts"), "events are never skipped");
      Object pattern = ((Map<?, ?>) ((List<?>) ((Map<?, ?>) outbox.get("FilterCriteria")).get("Filters")).get(0))
          .get("Pattern");
      JsonNode filter;
      try {
        filter = JSON.readTree(String.valueOf(pattern));
      } catch (IOException e) {
        throw new AssertionError("the filter pattern is not JSON: " + pattern, e);
      }
      assertEquals("[\"INSERT\"]", filter.get("eventName").toString());
      assertEquals("[{\"prefix\":\"EVENT#\"}]", filter.at("/dynamodb/Keys/SK/S").toString());
    }

    @Test
    void noFunctionAllowsAMutatingActionOnEveryResource() {
      List<String> violations = new ArrayList<>();
      Set<String> functions = new TreeSet<>(functions());
      for (ParsedTemplate.Statement statement : TEMPLATE.policyStatements()) {
        if (!functions.contains(resourceOf(statement)) || !statement.effect().equals("Allow")
            || !statement.resources().contains("*")) {
          continue;
        }
        statement.actions().stream().filter(a -> !isReadOnly(String.valueOf(a)))
            .forEach(a -> violations.add(statement.path() + ": " + a + " on Resource *"));
      }
      assertTrue(violations.isEmpty(), String.join("\n", violations));
      assertFalse(isReadOnly("states:StartExecution"));
      assertTrue(isReadOnly("states:DescribeExecution"));
    }

    /** An unresolved ${Name} reaches AWS as literal text and fails at run time, not at deploy time. */
    @Test
    void theSubstitutionsCoverEveryPlaceholderOfTheDefinitionAndNoMore() {
      Set<String> placeholders = new TreeSet<>();
      Matcher matcher = PLACEHOLDER.matcher(definition().toString());
      while (matcher.find()) {
        placeholders.add(matcher.group(1));
      }
      assertFalse(placeholders.isEmpty(), "the definition names no function: the check would be vacuous");
      assertEquals(placeholders, new TreeSet<>(map(stateMachine().get("DefinitionSubstitutions")).keySet()),
          "DefinitionSubstitutions vs the ${...} of " + stateMachine().get("DefinitionUri"));
    }

    /** ARNs reach the definition only through substitutions, so it runs unchanged in every account and locally. */
    @Test
    void everyTaskInvokesALambdaFunctionNamedBySubstitution() {
      List<JsonNode> tasks = new ArrayList<>();
      collectTasks(definition().path("States"), tasks);
      assertTrue(tasks.size() >= 8, "found only " + tasks.size() + " Task states");
      for (JsonNode task : tasks) {
        String resource = task.path("Resource").asText();
        if (LAMBDA_INTEGRATIONS.contains(resource)) {
          String function = task.path("Parameters").path("FunctionName").asText();
          assertTrue(function.matches("\\$\\{[A-Za-z0-9]+}"), "FunctionName must be a substitution, is " + function);
        } else {
          assertTrue(resource.matches("\\$\\{[A-Za-z0-9]+}"), "Resource must be a substitution or " + LAMBDA_INTEGRATIONS
              + ", is " + resource);
        }
      }
    }

    /** SnapStart applies to published versions only: invoking the unqualified ARN would run $LATEST, cold. */
    @Test
    void theStateMachineInvokesTheAliasThatSnapStartPublishes() {
      String alias = String.valueOf(TEMPLATE.effectiveFunctionProperties("WorkflowFunction").get("AutoPublishAlias"));
      map(stateMachine().get("DefinitionSubstitutions")).forEach((name, value) -> {
        String sub = String.valueOf(map(value).get("Fn::Sub"));
        Matcher matcher = Pattern.compile("\\$\\{(\\w+)\\.Arn}:(\\w+)").matcher(sub);
        assertTrue(matcher.matches(), name + " must be !Sub \"${<Function>.Arn}:" + alias + "\", is " + value);
        assertEquals("AWS::Serverless::Function", map(TEMPLATE.resource(matcher.group(1))).get("Type"), name);
        assertEquals(String.valueOf(TEMPLATE.effectiveFunctionProperties(matcher.group(1)).get("AutoPublishAlias")),
            matcher.group(2), name + " qualifier");
      });
    }

    @Test
    void theStateMachineIsStandardTracedAndLogsWithoutExecutionData() {
      Map<String, Object> p = stateMachine();
      assertEquals("STANDARD", p.get("Type"), "a promotion waits for days: only a Standard workflow can");
      assertEquals(Map.of("Enabled", true), p.get("Tracing"));
      Map<String, Object> logging = map(p.get("Logging"));
      assertEquals("ALL", logging.get("Level"));
      assertEquals(false, logging.get("IncludeExecutionData"), "execution data holds the approval task token");
      Object logGroup = map(map(map(asList(logging.get("Destinations")).get(0)).get("CloudWatchLogsLogGroup"))
          .get("LogGroupArn")).get("Fn::GetAtt");
      assertTrue(TEMPLATE.resourcesOfType("AWS::Logs::LogGroup").contains(String.valueOf(asList(logGroup).get(0))),
          "logs to a log group of this template (which has a retention): " + logGroup);
      List<String> invoked = asList(p.get("Policies")).stream()
          .map(policy -> map(map(policy).get("LambdaInvokePolicy")).get("FunctionName"))
          .filter(Objects::nonNull).map(ref -> String.valueOf(map(ref).get("Ref"))).sorted().toList();
      assertEquals(List.of("ApprovalRequestFunction", "WorkflowFunction"), invoked, "LambdaInvokePolicy per function");
    }

    /**
     * ApiFunction and ApprovalFunction build the state machine's ARN from its Name (a !Ref would close a
     * dependency cycle): every such ARN must use that name, and the name must be what the local runtime
     * calls it too ({@code <stack>-<LogicalId>}).
     */
    @Test
    void theStateMachineArnsBuiltFromItsNameUseItsName() {
      String name = String.valueOf(map(stateMachine().get("Name")).get("Fn::Sub"));
      assertEquals("${AWS::StackName}-" + STATE_MACHINE, name, "PromotionStateMachine.Name");
      List<String> built = new ArrayList<>();
      ParsedTemplate.walk(TEMPLATE.tree().get("Resources"), "", (path, node) -> {
        String sub = String.valueOf(asList(map(node).get("Fn::Sub")).stream().findFirst().orElse(""));
        if (sub.contains(":states:")) {
          built.add(sub);
          assertTrue(sub.endsWith(":stateMachine:" + name) || sub.endsWith(":execution:" + name + ":*"),
              path + ": " + sub + " is not the ARN of " + name + " (or of its executions)");
        }
      });
      assertTrue(built.size() >= 4, "found only " + built);
    }

    @Test
    void theExampleRuleRoutesRegistryEventsThatHaveASchemaToItsLogGroup() {
      Map<String, Object> rule = ParsedTemplate.properties(TEMPLATE.resource("DeploymentEventsRule"));
      assertEquals(Map.of("Ref", "EventBus"), rule.get("EventBusName"));
      Map<String, Object> pattern = map(rule.get("EventPattern"));
      assertEquals(List.of("model-registry"), pattern.get("source"));
      List<Object> detailTypes = asList(pattern.get("detail-type"));
      assertFalse(detailTypes.isEmpty(), "the rule matches no detail-type");
      for (Object detailType : detailTypes) {
        Path schema = REPO.root().resolve("events/schemas/" + EventSchemasTest.kebab(String.valueOf(detailType)) + ".json");
        assertTrue(Files.isRegularFile(schema), "detail-type '" + detailType + "' has no schema at " + schema);
      }
      Object target = map(asList(rule.get("Targets")).get(0)).get("Arn");
      assertEquals(Map.of("Fn::GetAtt", List.of("DeploymentEventsLogGroup", "Arn")), target);
      String logGroupName = String.valueOf(map(ParsedTemplate.properties(TEMPLATE.resource("DeploymentEventsLogGroup"))
          .get("LogGroupName")).get("Fn::Sub"));
      assertTrue(logGroupName.startsWith("/aws/events/"), "EventBridge writes only to /aws/events/... log groups");
    }

    /** CloudFormation refuses a template whose resources depend on each other in a circle. */
    @Test
    void noResourcesDependOnEachOtherInACircle() {
      List<String> cycle = dependencyCycle(TEMPLATE.tree());
      assertTrue(cycle.isEmpty(), "circular dependency: " + String.join(" -> ", cycle));
    }

    /** Proves the check above: the natural !Ref of the state machine in ApiFunction closes a cycle. */
    @Test
    void referencingTheStateMachineFromAnHttpApiFunctionWouldCloseACycle() {
      Map<String, Object> copy = ParsedTemplate.parse(TEMPLATE_TEXT).tree();
      map(map(functionProperties(copy).get("Environment")).get("Variables"))
          .put("PROMOTION_STATE_MACHINE_ARN", Map.of("Ref", STATE_MACHINE));

      List<String> cycle = dependencyCycle(copy);

      assertTrue(cycle.containsAll(List.of("ApiFunction", STATE_MACHINE, "ApprovalRequestFunction", "HttpApi")),
          "expected a cycle through the API, the state machine and the approval request function, got " + cycle);
    }

    private static void collectTasks(JsonNode states, List<JsonNode> tasks) {
      states.forEach(state -> {
        if ("Task".equals(state.path("Type").asText())) {
          tasks.add(state);
        }
        collectTasks(state.path("ItemProcessor").path("States"), tasks);
        collectTasks(state.path("Iterator").path("States"), tasks);
        state.path("Branches").forEach(branch -> collectTasks(branch.path("States"), tasks));
      });
    }

    private static String resourceOf(ParsedTemplate.Statement statement) {
      String[] parts = statement.path().split("/");
      return parts.length > 2 && parts[1].equals("Resources") ? parts[2] : statement.path();
    }

    private static boolean isReadOnly(String action) {
      String verb = action.substring(action.indexOf(':') + 1);
      return Stream.of("Get", "List", "Describe", "Query", "Scan", "BatchGet").anyMatch(verb::startsWith);
    }
  }

  /**
   * The first dependency cycle among the template's resources, or an empty list. Edges: every Ref,
   * Fn::GetAtt, Fn::Sub variable and DependsOn, plus what SAM adds: an HttpApi depends on the
   * functions whose HttpApi events attach to it (its routes invoke them), not the reverse.
   */
  static List<String> dependencyCycle(Map<String, Object> tree) {
    Map<String, Object> resources = map(tree.get("Resources"));
    Map<String, Set<String>> edges = new TreeMap<>();
    resources.forEach((id, resource) -> {
      Set<String> targets = new TreeSet<>();
      ParsedTemplate.walk(resource, "", (path, node) -> {
        if (path.startsWith("/Properties/Events/")) {
          return; // an event's ApiId: the route depends on the function, not the other way round
        }
        Map<String, Object> m = map(node);
        if (m.get("Ref") instanceof String ref) {
          targets.add(ref.split("\\.")[0]);
        }
        if (m.containsKey("Fn::GetAtt")) {
          Object getAtt = m.get("Fn::GetAtt");
          targets.add(getAtt instanceof String text ? text.split("\\.")[0] : String.valueOf(asList(getAtt).get(0)));
        }
        if (m.containsKey("Fn::Sub")) {
          Matcher matcher = Pattern.compile("\\$\\{(?!!)([^}]+)}").matcher(String.valueOf(asList(m.get("Fn::Sub")).get(0)));
          while (matcher.find()) {
            targets.add(matcher.group(1).split("\\.")[0]);
          }
        }
      });
      asList(map(resource).get("DependsOn")).forEach(d -> targets.add(String.valueOf(d)));
      targets.retainAll(resources.keySet());
      targets.remove(id);
      edges.computeIfAbsent(id, k -> new TreeSet<>()).addAll(targets);
      if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
        map(ParsedTemplate.properties(map(resource)).get("Events")).values().forEach(event -> {
          Object api = map(map(map(event).get("Properties")).get("ApiId")).get("Ref");
          if ("HttpApi".equals(map(event).get("Type")) && api instanceof String apiId) {
            edges.computeIfAbsent(apiId, k -> new TreeSet<>()).add(id);
          }
        });
      }
    });
    Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
    Deque<String> path = new ArrayDeque<>();
    for (String start : edges.keySet()) {
      List<String> cycle = findCycle(start, edges, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> findCycle(String node, Map<String, Set<String>> edges, Map<String, Integer> state,
      Deque<String> path) {
    Integer seen = state.get(node);
    if (seen != null && seen == 2) {
      return List.of();
    }
    if (seen != null && seen == 1) {
      List<String> onPath = new ArrayList<>(path);
      Collections.reverse(onPath);
      List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(node), onPath.size()));
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    path.push(node);
    for (String next : edges.getOrDefault(node, Set.of())) {
      List<String> cycle = findCycle(next, edges, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.pop();
    state.put(node, 2);
    return List.of();
  }

  // ---------------------------------------------------------------------------------------------
  // Shared helpers

  private static volatile JsonSchema samSchema;
  private static volatile JsonNode samSchemaDocument;

  private static JsonNode samSchemaDocument() {
    samSchema(); // loads both, or skips
    return samSchemaDocument;
  }

  /** Loads the 750 KB SAM schema once; skips the test where the file is absent (a user's clone). */
  static JsonSchema samSchema() {
    Path file = REPO.samSchema();
    Assumptions.assumeTrue(Files.isRegularFile(file),
        "SAM schema not found at " + file + " (looked for <repo>/../shared/schemas/sam.schema.json;"
            + " set -Dsam.schema=<path> to use another copy): SAM schema validation skipped");
    if (samSchema == null) {
      synchronized (TemplateTest.class) {
        if (samSchema == null) {
          long start = System.nanoTime();
          try {
            JsonNode node = JSON.readTree(file.toFile());
            samSchemaDocument = node;
            samSchema = offlineSchemaFactory().getSchema(SchemaLocation.of(file.toUri().toString()), node, validatorConfig());
            samSchema.initializeValidators(); // resolve every $ref now, so load time is measured here
          } catch (IOException e) {
            throw new IllegalStateException("can't read " + file, e);
          }
          System.out.printf("[TemplateTest] loaded SAM schema (%d KB) in %d ms%n",
              file.toFile().length() / 1024, (System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    return samSchema;
  }

  /**
   * Draft-04 factory that never touches the network: the bundled meta-schemas are mapped to the
   * classpath by the library; anything else over http(s) fails loudly instead of being fetched.
   */
  static JsonSchemaFactory offlineSchemaFactory() {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder.schemaLoaders(loaders ->
        loaders.add(iri -> {
          String scheme = iri.getScheme();
          if ("http".equals(scheme) || "https".equals(scheme)) {
            throw new IllegalStateException("refusing to fetch " + iri + ": schema tests run offline");
          }
          return null; // not ours: let the classpath/file loaders answer
        })));
  }

  static SchemaValidatorsConfig validatorConfig() {
    return SchemaValidatorsConfig.builder().build();
  }

  private static List<String> functions() {
    List<String> functions = TEMPLATE.resourcesOfType("AWS::Serverless::Function");
    assertFalse(functions.isEmpty(), "template has no AWS::Serverless::Function");
    return functions;
  }

  private static boolean hasHttpApiEvents(String functionId) {
    return map(TEMPLATE.effectiveFunctionProperties(functionId).get("Events")).values().stream()
        .anyMatch(event -> "HttpApi".equals(map(event).get("Type")));
  }

  private static String codeUri(String functionId) {
    return String.valueOf(TEMPLATE.effectiveFunctionProperties(functionId).get("CodeUri"));
  }

  /** The functions/ module whose sources hold this class. */
  private static Path moduleHolding(Class<?> type) {
    String sourcePath = "src/main/java/" + type.getName().replace('.', '/') + ".java";
    return REPO.functionModules().values().stream()
        .filter(m -> Files.isRegularFile(m.resolve(sourcePath)))
        .findFirst().orElseThrow(() -> new AssertionError("no module under functions/ holds " + sourcePath));
  }

  static List<String> wildcardViolations(ParsedTemplate.Statement statement) {
    List<String> violations = new ArrayList<>();
    if (!"Allow".equals(statement.effect())) {
      return violations; // a Deny only removes access; a broad one is the safe direction
    }
    String where = statement.path() + " (" + statement.body().getOrDefault("Sid", "no Sid") + ")";
    for (Object action : statement.actions()) {
      if (action instanceof String a && a.contains("*")) {
        violations.add(where + ": Action " + a);
      }
    }
    if (statement.body().containsKey("NotAction") || statement.body().containsKey("NotResource")) {
      violations.add(where + ": NotAction/NotResource in an Allow grants nearly everything");
    }
    boolean everyActionNeedsStar = !statement.actions().isEmpty() && statement.actions().stream()
        .allMatch(ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS::contains);
    for (Object resource : statement.resources()) {
      if ("*".equals(resource) && !everyActionNeedsStar) {
        violations.add(where + ": Resource * for " + statement.actions());
      }
    }
    Object principal = statement.body().get("Principal");
    if ("*".equals(principal) || "*".equals(map(principal).get("AWS"))) {
      violations.add(where + ": Principal * in an Allow");
    }
    return violations;
  }

  /** AttributeNames of a KeySchema list, in order (HASH first). */
  private static List<String> keyAttributes(Object keySchema) {
    return asList(keySchema).stream().map(k -> String.valueOf(map(k).get("AttributeName"))).toList();
  }

  private static void rename(Map<String, Object> map, String from, String to) {
    assertTrue(map.containsKey(from), "can't break the copy: no " + from + " in " + map.keySet());
    map.put(to, map.remove(from));
  }

  private static Map<String, Object> functionProperties(Map<String, Object> tree) {
    return ParsedTemplate.properties(map(map(tree.get("Resources")).get("ApiFunction")));
  }

  private static boolean isBlank(Object value) {
    return value == null || value instanceof String s && s.isBlank();
  }

  /**
   * Explains a failed validation. The SAM schema picks a resource's shape with anyOf over every
   * resource type, so one mistake comes back as dozens of messages from branches that were never
   * meant to match. Each AWS::Serverless resource is therefore validated again against the one
   * definition its Type selects, which yields only the messages that matter; other messages
   * (Globals, top level) are kept as they are.
   */
  static String explain(Map<String, Object> tree, Set<ValidationMessage> errors) {
    List<String> lines = new ArrayList<>();
    Map<String, Object> resources = map(tree.get("Resources"));
    Set<String> serverless = new TreeSet<>();
    resources.forEach((id, resource) -> {
      String type = String.valueOf(map(resource).get("Type"));
      if (!type.startsWith("AWS::Serverless::")) {
        return;
      }
      serverless.add(id);
      String definition = samDefinitionFor(type);
      if (definition == null) {
        lines.add("/Resources/" + id + "/Type: " + type + " is not a SAM resource type");
        return;
      }
      samSchemaFor(definition).validate(JSON.valueToTree(resource)).stream()
          .map(e -> "/Resources/" + id + e.getMessage())
          .forEach(lines::add);
    });
    errors.stream().map(ValidationMessage::getMessage)
        .filter(m -> serverless.stream().noneMatch(id -> m.startsWith("/Resources/" + id + "/") || m.startsWith("/Resources/" + id + ":")))
        .forEach(lines::add);
    List<String> shown = lines.stream().distinct().sorted().toList();
    return String.join("\n", shown.subList(0, Math.min(25, shown.size())))
        + (shown.size() > 25 ? "\n... " + (shown.size() - 25) + " more" : "")
        + "\n(the whole-template validation reported " + errors.size() + " messages, most from anyOf branches)";
  }

  /** The schema definition whose Type enum names this SAM resource type, or null. */
  private static String samDefinitionFor(String type) {
    JsonNode definitions = samSchemaDocument().path("definitions");
    for (JsonNode ref : samSchemaDocument().path("properties").path("Resources").path("additionalProperties").path("anyOf")) {
      String name = ref.path("$ref").asText().replace("#/definitions/", "");
      for (JsonNode allowed : definitions.path(name).path("properties").path("Type").path("enum")) {
        if (allowed.asText().equals(type)) {
          return name;
        }
      }
    }
    return null;
  }

  /** The SAM schema document with its root replaced by a $ref to one definition. */
  private static JsonSchema samSchemaFor(String definition) {
    com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "http://json-schema.org/draft-04/schema#");
    root.set("definitions", samSchemaDocument().path("definitions"));
    root.put("$ref", "#/definitions/" + definition);
    return offlineSchemaFactory().getSchema(SchemaLocation.of("urn:sam-schema:" + definition), root, validatorConfig());
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
