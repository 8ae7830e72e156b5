package com.modelregistry.local.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

class SamTemplateTest {

  private static SamTemplate testTemplate() throws URISyntaxException {
    return SamTemplate.load(Path.of(SamTemplateTest.class.getResource("/test-template.yaml").toURI()));
  }

  @Test
  void givenTheTestTemplate_whenReadingTables_thenKeySchemaGsiAndTtlAreThere() throws Exception {
    List<TableDefinition> tables = testTemplate().tables();

    assertEquals(1, tables.size());
    TableDefinition table = tables.get(0);
    assertEquals("ModelsTable", table.name());
    assertEquals("PK", table.keySchema().get(0).attributeName());
    assertEquals(KeyType.RANGE, table.keySchema().get(1).keyType());
    assertEquals(4, table.attributeDefinitions().size());
    assertEquals("GSI1", table.globalSecondaryIndexes().get(0).indexName());
    assertEquals(ProjectionType.ALL, table.globalSecondaryIndexes().get(0).projection().projectionType());
    assertEquals("expiresAt", table.ttlAttribute());
  }

  @Test
  void givenABucket_thenItsLocalNameIsKebabCaseWithThePrefix() throws Exception {
    assertEquals(List.of("model-registry-artifacts-bucket"), testTemplate().bucketNames());
    assertEquals("model-registry-s3-artifacts", LocalStack.bucketName("S3Artifacts"));
    assertEquals("model-registry-my-url-bucket", LocalStack.bucketName("MyURLBucket"));
  }

  @Test
  void givenTheTestTemplate_whenReadingTheFunction_thenGlobalsAndIntrinsicsAreResolved() throws Exception {
    FunctionDefinition function = testTemplate().function("ApiFunction");
    Map<String, String> env = function.environment();

    assertEquals("com.modelregistry.local.testing.EchoHandler::handleRequest", function.handler());
    assertEquals("com.modelregistry.local.testing.EchoHandler", function.handlerClass());
    assertEquals("functions/api", function.codeUri());
    assertEquals(29, function.timeoutSeconds(), "the function's Timeout overrides Globals'");
    assertEquals(512, function.memorySizeMb(), "MemorySize comes from Globals");
    assertEquals("ModelsTable", env.get("MODELS_TABLE"));
    assertEquals("model-registry-artifacts-bucket", env.get("ARTIFACTS_BUCKET"));
    assertEquals("2048", env.get("MAX_BODY_BYTES"), "Ref to a parameter is its Default");
    assertEquals("60", env.get("UPLOAD_URL_TTL_SECONDS"));
    assertEquals("custom:roles", env.get("ROLES_CLAIM"));
    assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/ModelsTable", env.get("TABLE_ARN"));
    assertEquals("arn:aws:s3:::model-registry-artifacts-bucket", env.get("BUCKET_ARN"));
    assertEquals("s3://model-registry-artifacts-bucket/model-registry-local/us-east-1/000000000000/${Literal}",
        env.get("ARTIFACT_PREFIX"));
    assertEquals("a:ModelsTable", env.get("JOINED"));
    assertEquals("ModelsTable@arn:aws:s3:::model-registry-artifacts-bucket", env.get("SUB_WITH_VARIABLES"));
  }

  @Test
  void givenHttpApiEvents_thenRoutesCarryTheirAuthorization() throws Exception {
    List<HttpRoute> routes = testTemplate().function("ApiFunction").routes();

    assertEquals(List.of(
        new HttpRoute("GET", "/v1/health", false),
        new HttpRoute("GET", "/v1/models/{name}/versions/{version}", true),
        new HttpRoute("ANY", "/{proxy+}", true)), routes);
    assertEquals("ANY /{proxy+}", routes.get(2).routeKey());
  }

  @Test
  void givenAnApiWithoutDefaultAuthorizer_thenRoutesAreOpenUnlessTheyNameOne() {
    SamTemplate template = SamTemplate.parse("""
        Resources:
          Api:
            Type: AWS::Serverless::HttpApi
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: x.Handler
              Events:
                Open: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: /open, Method: GET } }
                Closed: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: /closed, Method: GET, Auth: { Authorizer: Jwt } } }
                Fallback: { Type: HttpApi }
        """, "inline");

    List<HttpRoute> routes = template.function("Fn").routes();

    assertEquals(List.of(new HttpRoute("GET", "/open", false), new HttpRoute("GET", "/closed", true),
        new HttpRoute(null, null, false)), routes);
    assertEquals("$default", routes.get(2).routeKey());
    assertNull(template.function("Fn").codeUri());
    assertEquals(3, template.function("Fn").timeoutSeconds(), "Lambda's default timeout");
  }

  @Test
  void givenAnUnsupportedIntrinsic_thenTheErrorNamesTheResourceAndTheVariable() {
    SamTemplate template = SamTemplate.parse("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: x.Handler
              Environment:
                Variables:
                  QUEUE_URL: !ImportValue shared-queue-url
        """, "template.yaml");

    TemplateException error = assertThrows(TemplateException.class, template::functions);

    assertEquals("template.yaml: Fn: environment variable QUEUE_URL: Fn::ImportValue is not supported locally"
        + " (supported: Ref, Fn::GetAtt, Fn::Sub, Fn::Join)", error.getMessage());
  }

  @Test
  void givenARefToAParameterWithoutDefault_thenTheErrorSaysSo() {
    SamTemplate template = SamTemplate.parse("""
        Parameters:
          Sender: { Type: String }
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: x.Handler
              Environment: { Variables: { SENDER: !Ref Sender } }
        """, "t.yaml");

    TemplateException error = assertThrows(TemplateException.class, template::functions);

    assertTrue(error.getMessage().contains("Fn: environment variable SENDER: parameter Sender has no Default"),
        error.getMessage());
  }

  @Test
  void givenAGetAttOtherThanArnOrAnUnknownRef_thenTheErrorNamesIt() {
    assertEquals("t.yaml: Fn: environment variable STREAM: Fn::GetAtt Table.StreamArn: Table has no StreamSpecification,"
        + " so it has no stream", functionError("STREAM: !GetAtt Table.StreamArn"));
    assertEquals("t.yaml: Fn: environment variable NAME: Fn::GetAtt Table.Name is not supported locally (only .Arn, and"
        + " a table's .StreamArn)", functionError("NAME: !GetAtt Table.Name"));
    assertEquals("t.yaml: Fn: environment variable OTHER: no resource or parameter named Nowhere",
        functionError("OTHER: !Ref Nowhere"));
    assertEquals("t.yaml: Fn: environment variable QUEUE: Ref to Queue (AWS::SQS::Queue) is not supported locally",
        functionError("QUEUE: !Sub 'https://${Queue}.example.com'"));
  }

  private static String functionError(String variable) {
    SamTemplate template = SamTemplate.parse("""
        Resources:
          Table: { Type: AWS::DynamoDB::Table }
          Queue: { Type: AWS::SQS::Queue }
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: x.Handler
              Environment: { Variables: { %s } }
        """.formatted(variable), "t.yaml");
    return assertThrows(TemplateException.class, template::functions).getMessage();
  }

  // ---- parameter overrides

  private static final String PARAMETERS_TEMPLATE = """
      Parameters:
        Threshold:
          Type: Number
          Default: 104857600
          MinValue: 5242880
          MaxValue: 5368709120
        Retention:
          Type: Number
          Default: 30
          AllowedValues: [1, 7, 30, 365]
        Issuer:
          Type: String
          AllowedPattern: "^https://.+"
          ConstraintDescription: must be an https URL
        Claim:
          Type: String
          Default: cognito:groups
          MinLength: 3
          MaxLength: 10
        Slug:
          Type: String
          Default: abc
          AllowedPattern: "[a-z]+"
        Audiences:
          Type: CommaDelimitedList
          Default: a,b
          AllowedValues: [a, b, c]
        Ports:
          Type: List<Number>
          Default: "80,443"
        Secret:
          Type: String
          NoEcho: true
          Default: s3cr3t
          MinLength: 8
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Handler: x.Handler
            Environment:
              Variables:
                THRESHOLD: !Ref Threshold
                RETENTION: !Ref Retention
                ISSUER_URL: !Sub "${Issuer}/.well-known"
                CLAIM: !Ref Claim
                AUDIENCES: !Ref Audiences
      """;

  private static SamTemplate parametersTemplate() {
    return SamTemplate.parse(PARAMETERS_TEMPLATE, "p.yaml");
  }

  private static String overrideError(String name, String value) {
    return assertThrows(TemplateException.class,
        () -> parametersTemplate().withParameterOverrides(Map.of(name, value))).getMessage();
  }

  @Test
  void givenOverrides_thenRefAndSubResolveToThemAndOtherParametersToTheirDefaults() {
    SamTemplate template = parametersTemplate().withParameterOverrides(
        Map.of("Threshold", "5242880", "Issuer", "https://issuer.example", "Audiences", "c, a"));
    Map<String, String> env = template.function("Fn").environment();

    assertEquals("5242880", env.get("THRESHOLD"));
    assertEquals("https://issuer.example/.well-known", env.get("ISSUER_URL"), "an override fills a parameter without Default");
    assertEquals("c, a", env.get("AUDIENCES"));
    assertEquals("30", env.get("RETENTION"), "no override: the Default");
    assertEquals("cognito:groups", env.get("CLAIM"));
    assertEquals(Map.of("Threshold", "5242880", "Issuer", "https://issuer.example", "Audiences", "c, a"),
        template.parameterOverrides());
    assertTrue(parametersTemplate().parameterOverrides().isEmpty());
    assertEquals("30", parametersTemplate().withParameterOverrides(Map.of("Retention", "7"))
        .withParameterOverrides(Map.of("Issuer", "https://i")).function("Fn").environment().get("RETENTION"),
        "overrides are replaced, not merged");
  }

  @Test
  void givenAnOverrideOfAnUndeclaredParameter_thenTheErrorListsTheDeclaredOnes() {
    assertEquals("p.yaml: parameter Treshold is not declared by the template (declared: Threshold, Retention, Issuer,"
        + " Claim, Slug, Audiences, Ports, Secret)", overrideError("Treshold", "5242880"));
    assertEquals("t.yaml: parameter X is not declared by the template (it declares no Parameters)",
        assertThrows(TemplateException.class, () -> SamTemplate.parse("Resources: {}", "t.yaml")
            .withParameterOverrides(Map.of("X", "1"))).getMessage());
  }

  @Test
  void givenNumberOverridesOutsideTheirConstraints_thenTheErrorNamesParameterValueAndConstraint() {
    assertEquals("p.yaml: parameter Threshold: 1024 is below MinValue 5242880", overrideError("Threshold", "1024"));
    assertEquals("p.yaml: parameter Threshold: 5368709121 is above MaxValue 5368709120",
        overrideError("Threshold", "5368709121"));
    assertEquals("p.yaml: parameter Threshold: '100MB' is not a number (Type: Number)", overrideError("Threshold", "100MB"));
    assertEquals("p.yaml: parameter Threshold: '' is not a number (Type: Number)", overrideError("Threshold", ""));
    assertEquals("p.yaml: parameter Retention: 31 is not one of AllowedValues [1, 7, 30, 365]",
        overrideError("Retention", "31"));
    assertEquals("p.yaml: parameter Ports: 'https' is not a number (Type: List<Number>)", overrideError("Ports", "80,https"));
    assertEquals("5242880.0", parametersTemplate().withParameterOverrides(Map.of("Threshold", "5242880.0", "Issuer", "https://i"))
        .function("Fn").environment().get("THRESHOLD"), "a Number may be a float, as in CloudFormation");
    assertEquals("7", parametersTemplate().withParameterOverrides(Map.of("Retention", "7", "Issuer", "https://i"))
        .function("Fn").environment().get("RETENTION"));
  }

  @Test
  void givenStringOverridesOutsideTheirConstraints_thenTheErrorNamesParameterValueAndConstraint() {
    assertEquals("p.yaml: parameter Issuer: 'http://issuer.example' does not match AllowedPattern ^https://.+"
        + " (must be an https URL)", overrideError("Issuer", "http://issuer.example"));
    assertEquals("p.yaml: parameter Slug: 'abc1' does not match AllowedPattern [a-z]+",
        overrideError("Slug", "abc1"), "the pattern must match the whole value");
    assertEquals("p.yaml: parameter Claim: 'ab' is shorter than MinLength 3", overrideError("Claim", "ab"));
    assertEquals("p.yaml: parameter Claim: 'custom:roles' is longer than MaxLength 10", overrideError("Claim", "custom:roles"));
    assertEquals("p.yaml: parameter Audiences: 'd' is not one of AllowedValues [a, b, c]", overrideError("Audiences", "a,d"));
    assertEquals("p.yaml: parameter Secret: the value (NoEcho) is shorter than MinLength 8", overrideError("Secret", "hunter2"),
        "a NoEcho value never appears in messages");
  }

  @Test
  void givenANoEchoOverride_thenItsDisplayIsMasked() {
    SamTemplate template = parametersTemplate().withParameterOverrides(Map.of("Secret", "correct horse", "Claim", "roles"));

    assertEquals("correct horse", template.parameterOverrides().get("Secret"));
    assertEquals(Map.of("Secret", "****", "Claim", "roles"), template.parameterOverridesForDisplay());
  }

  @Test
  void givenTheRealTemplate_whenTheThresholdIsOverridden_thenTheFunctionGetsItAndMinValueApplies() {
    SamTemplate template = SamTemplate.fromClasspath();

    assertEquals("5242880", template.withParameterOverrides(Map.of("MultipartThresholdBytes", "5242880"))
        .function("ApiFunction").environment().get("MULTIPART_THRESHOLD_BYTES"));
    assertEquals("104857600", template.function("ApiFunction").environment().get("MULTIPART_THRESHOLD_BYTES"));
    TemplateException belowMin = assertThrows(TemplateException.class,
        () -> template.withParameterOverrides(Map.of("MultipartThresholdBytes", "1024")));
    assertEquals(SamTemplate.CLASSPATH_RESOURCE + ": parameter MultipartThresholdBytes: 1024 is below MinValue 5242880",
        belowMin.getMessage());
    TemplateException unknown = assertThrows(TemplateException.class,
        () -> template.withParameterOverrides(Map.of("MultipartPartBytes", "5242880")));
    assertTrue(unknown.getMessage().startsWith(SamTemplate.CLASSPATH_RESOURCE + ": parameter MultipartPartBytes is not"
        + " declared by the template (declared: JwtIssuer, JwtAudience, RolesClaim, "), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("MultipartThresholdBytes"), unknown.getMessage());
  }

  @Test
  void givenAMissingTemplate_thenTheErrorNamesTheFile() {
    TemplateException error = assertThrows(TemplateException.class, () -> SamTemplate.load(Path.of("/nope/template.yaml")));

    assertEquals("template /nope/template.yaml does not exist", error.getMessage());
  }

  // ---- table streams and DynamoDB events

  private static final String STREAM_TEMPLATE = """
      Resources:
        Table:
          Type: AWS::DynamoDB::Table
          Properties:
            KeySchema: [{ AttributeName: PK, KeyType: HASH }]
            StreamSpecification: { StreamViewType: NEW_IMAGE }
        Plain:
          Type: AWS::DynamoDB::Table
          Properties:
            KeySchema: [{ AttributeName: PK, KeyType: HASH }]
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Handler: x.Handler
            Environment: { Variables: { STREAM: !Sub "${Table.StreamArn}" } }
            Events:
              Changes:
                Type: DynamoDB
                Properties:
                  Stream: !GetAtt Table.StreamArn
                  StartingPosition: LATEST
      %s
      """;

  @Test
  void givenAStreamSpecification_thenTheTableHasItsViewType_andGetAttStreamArnNamesTheProvisionedStream() {
    SamTemplate template = SamTemplate.parse(STREAM_TEMPLATE.formatted(""), "s.yaml");

    assertEquals("NEW_IMAGE", template.tables().get(0).streamViewType());
    assertEquals(null, template.tables().get(1).streamViewType());
    String unprovisioned = "arn:aws:dynamodb:us-east-1:000000000000:table/Table/stream/" + LocalStack.UNPROVISIONED_STREAM_LABEL;
    assertEquals(unprovisioned, template.function("Fn").environment().get("STREAM"));
    SamTemplate provisioned = template.withStreamLabels(Map.of("Table", "2026-11-23T07:33:22.130"))
        .withParameterOverrides(Map.of());
    assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/Table/stream/2026-11-23T07:33:22.130",
        provisioned.function("Fn").environment().get("STREAM"), "the labels survive withParameterOverrides");
    assertEquals(new StreamEventSource("Fn", "Changes", "Table",
        "arn:aws:dynamodb:us-east-1:000000000000:table/Table/stream/2026-11-23T07:33:22.130", "LATEST", 100, -1, false,
        List.of(), true), provisioned.function("Fn").streamEvents().get(0), "the defaults");
  }

  @Test
  void givenTheRealTemplate_thenTheRelayReadsTheModelsTablesStream_withItsFilterAndItemFailures() {
    SamTemplate template = SamTemplate.fromClasspath();

    assertEquals("NEW_IMAGE", template.tables().stream().filter(table -> table.name().equals("ModelsTable"))
        .findFirst().orElseThrow().streamViewType());
    StreamEventSource relay = template.function("EventRelayFunction").streamEvents().get(0);
    assertEquals("EventRelayFunction.Outbox", relay.id());
    assertEquals("ModelsTable", relay.tableName());
    assertEquals(StreamEventSource.TRIM_HORIZON, relay.startingPosition());
    assertEquals(100, relay.batchSize());
    assertEquals(-1, relay.maximumRetryAttempts());
    assertTrue(relay.reportBatchItemFailures());
    assertEquals(List.of("{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"Keys\": {\"SK\": {\"S\": [{\"prefix\": \"EVENT#\"}]}}}}"),
        relay.filterPatterns());
  }

  @Test
  void givenDynamoDbEventsTheRuntimeCantReproduce_thenTheErrorSaysWhatAndWhere() {
    String where = "s.yaml: Fn: event Changes (DynamoDB): ";
    assertEquals(where + "MaximumBatchingWindowInSeconds is not supported locally (only 0: records are sent as soon as"
        + " they are read)", streamEventError("MaximumBatchingWindowInSeconds: 5"));
    assertEquals(where + "BisectBatchOnFunctionError is not supported locally (only false: a failed batch is retried whole)",
        streamEventError("BisectBatchOnFunctionError: true"));
    assertEquals(where + "ParallelizationFactor is not supported locally (only 1: each shard is read by one poller)",
        streamEventError("ParallelizationFactor: 2"));
    assertEquals(where + "MaximumRecordAgeInSeconds is not supported locally (only -1: records are retried until they"
        + " succeed or leave the stream)", streamEventError("MaximumRecordAgeInSeconds: 3600"));
    assertEquals(where + "TumblingWindowInSeconds is not supported locally (only 0: there is no tumbling window state)",
        streamEventError("TumblingWindowInSeconds: 30"));
    assertEquals(where + "DestinationConfig is not supported locally (records skipped after MaximumRetryAttempts are only"
        + " logged)", streamEventError("DestinationConfig: { OnFailure: { Destination: arn:aws:sqs:x } }"));
    assertEquals(where + "FunctionResponseTypes may only hold ReportBatchItemFailures, got 'Other'",
        streamEventError("FunctionResponseTypes: [Other]"));
    assertEquals(where + "BatchSize must be a whole number from 1 to 10000, got '0'", streamEventError("BatchSize: 0"));
    assertEquals(where + "MaximumRetryAttempts must be a whole number from -1 to 10000, got '-2'",
        streamEventError("MaximumRetryAttempts: -2"));
    assertEquals(where + "unknown property BatchSise; a DynamoDB event has BatchSize, BisectBatchOnFunctionError,"
        + " DestinationConfig, Enabled, FilterCriteria, FunctionResponseTypes, KmsKeyArn, MaximumBatchingWindowInSeconds,"
        + " MaximumRecordAgeInSeconds, MaximumRetryAttempts, MetricsConfig, ParallelizationFactor, StartingPosition,"
        + " StartingPositionTimestamp, Stream, TumblingWindowInSeconds", streamEventError("BatchSise: 10"));
    assertTrue(streamEventError("FilterCriteria: { Filters: [{ Pattern: '{\"eventName\": \"INSERT\"}' }] }")
        .startsWith(where + "FilterCriteria.Filters[0].Pattern is not a valid filter pattern: "));
    assertEquals(where + "FilterCriteria.Filters[0].Pattern must be a string holding a JSON filter pattern",
        streamEventError("FilterCriteria: { Filters: [{ Pattern: { eventName: [INSERT] } }] }"));
  }

  @Test
  void givenAStreamThatIsNotATemplateTablesStream_thenTheErrorSaysSo() {
    assertEquals("s.yaml: Fn: event Changes (DynamoDB): Stream: Fn::GetAtt Plain.StreamArn: Plain has no"
        + " StreamSpecification, so it has no stream", streamEventError("Stream: !GetAtt Plain.StreamArn"));
    assertEquals("s.yaml: Fn: event Changes (DynamoDB): Stream must be the stream of one of the template's tables with a"
        + " StreamSpecification (!GetAtt <Table>.StreamArn), got 'arn:aws:kinesis:us-east-1:0:stream/x'",
        streamEventError("Stream: arn:aws:kinesis:us-east-1:0:stream/x"));
    assertEquals("s.yaml: Fn: event Changes (DynamoDB): StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB"
        + " stream, got 'AT_TIMESTAMP'", streamEventError("StartingPosition: AT_TIMESTAMP"));
  }

  /** The error for the stream template's DynamoDB event with {@code property} added, or replacing Stream/StartingPosition. */
  private static String streamEventError(String property) {
    String key = property.substring(0, property.indexOf(':'));
    String indent = "            ";
    String text = STREAM_TEMPLATE.formatted("");
    if (key.equals("Stream") || key.equals("StartingPosition")) {
      text = text.replaceAll("(?m)^ *" + key + ": .*$", indent + property);
    } else {
      String position = indent + "StartingPosition: LATEST\n";
      assertTrue(text.contains(position));
      text = text.replace(position, position + indent + property + "\n");
    }
    SamTemplate template = SamTemplate.parse(text, "s.yaml");
    return assertThrows(TemplateException.class, template::functions).getMessage();
  }
}
