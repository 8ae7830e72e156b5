package com.modelregistry.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.states.handlers.ModelRejectedException;
import com.modelregistry.local.states.handlers.ScoreHandler;
import com.modelregistry.local.streams.RecordingDynamodbHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The template's functions invoked in-process with Lambda's Java runtime semantics. */
class TemplateLambdaInvokerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:model-registry-local-";

  private TemplateLambdaInvoker invoker;

  @BeforeEach
  void open() throws Exception {
    SamTemplate template = SamTemplate.load(Path.of(getClass().getResource("/states/template.yaml").toURI()));
    invoker = new TemplateLambdaInvoker(template, null);
  }

  @AfterEach
  void close() {
    invoker.close();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void convertsThePayloadToTheHandlersInputTypeAndTheOutputBack() throws Exception {
    JsonNode output = invoker.invoke(PREFIX + "ScoreFunction", json("{\"model\": \"m1\", \"auc\": 0.93, \"extra\": [1]}"));
    assertEquals(json("{\"model\": \"m1\", \"passed\": true, \"function\": \"model-registry-local-ScoreFunction\"}"), output);
  }

  @Test
  void findsTheFunctionByArnNameOrQualifiedName() throws Exception {
    JsonNode payload = json("{\"model\": \"m\", \"auc\": 0.5}");
    JsonNode byArn = invoker.invoke(PREFIX + "ScoreFunction", payload);
    assertEquals(byArn, invoker.invoke(PREFIX + "ScoreFunction:live", payload));
    assertEquals(byArn, invoker.invoke("model-registry-local-ScoreFunction", payload));
    assertEquals(byArn, invoker.invoke("model-registry-local-ScoreFunction:$LATEST", payload));
    assertEquals(byArn, invoker.invoke("000000000000:function:model-registry-local-ScoreFunction", payload));
  }

  @Test
  void instantiatesEachHandlerOnceEvenUnderConcurrency() throws Exception {
    int before = ScoreHandler.INSTANCES.get();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonNode>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        results.add(threads.submit(() -> invoker.invoke(PREFIX + "ScoreFunction", json("{\"auc\": 1}"))));
      }
      for (Future<JsonNode> result : results) {
        assertEquals(true, result.get().get("passed").booleanValue());
      }
    } finally {
      threads.shutdown();
    }
    assertEquals(before + 1, ScoreHandler.INSTANCES.get());
  }

  @Test
  void aHandlerExceptionIsAFunctionErrorNamedByItsClass() throws Exception {
    LambdaFunctionError error = assertThrows(LambdaFunctionError.class,
        () -> invoker.invoke(PREFIX + "RejectFunction", json("{\"model\": \"m1\", \"auc\": 0.5}")));
    assertEquals(ModelRejectedException.class.getName(), error.errorType());
    assertEquals("com.modelregistry.local.states.handlers.ModelRejectedException", error.errorType());
    assertEquals("model m1 is below the gate", error.errorMessage());
    assertInstanceOf(ModelRejectedException.class, error.getCause());
  }

  @Test
  void streamHandlersGetAndReturnBytes() throws Exception {
    assertEquals(json("{\"A\":\"B\"}"), invoker.invoke(PREFIX + "UppercaseFunction", json("{\"a\": \"b\"}")));
  }

  @Test
  void aNamedMethodWithoutContext() throws Exception {
    assertEquals(json("\"HELLO!\""), invoker.invoke(PREFIX + "ShoutFunction", json("\"hello\"")));
  }

  @Test
  void handlersWithAConfigAndClientsConstructorGetTheirTemplateEnvironment() throws Exception {
    JsonNode output = invoker.invoke(PREFIX + "ConfiguredFunction", json("{}"));
    assertEquals(json("{\"table\": \"ModelsTable\", \"bucket\": \"model-registry-artifacts-bucket\", \"region\": \"us-east-1\"}"),
        output);
  }

  @Test
  void aPayloadThatDoesNotFitTheInputTypeIsAJsonParsingError() throws Exception {
    LambdaFunctionError error = assertThrows(LambdaFunctionError.class,
        () -> invoker.invoke(PREFIX + "ScoreFunction", json("{\"auc\": \"high\"}")));
    assertEquals("java.lang.RuntimeException", error.errorType());
    assertEquals("An error occurred during JSON parsing", error.errorMessage());
  }

  @Test
  void aMissingHandlerClassIsReportedAsLambdaReportsIt() throws Exception {
    LambdaFunctionError error = assertThrows(LambdaFunctionError.class,
        () -> invoker.invoke(PREFIX + "MissingClassFunction", json("{}")));
    assertEquals("java.lang.ClassNotFoundException", error.errorType());
    assertEquals("Class not found: com.modelregistry.local.states.handlers.DoesNotExist", error.errorMessage());
  }

  @Test
  void anUnknownFunctionIsResourceNotFound() throws Exception {
    AwsServiceError error = assertThrows(AwsServiceError.class, () -> invoker.invoke("nope", json("{}")));
    assertEquals("ResourceNotFoundException", error.errorType());
    assertEquals(404, error.httpStatus());
    assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope", error.getMessage());
    assertFalse(error.getMessage().isEmpty());
  }

  @Test
  void aLambdaEventClassIsReadAndItsAnswerWrittenAsLambdasJavaRuntimeDoesIt() throws Exception {
    SamTemplate template = SamTemplate.parse("""
        Resources:
          RelayFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: com.modelregistry.local.streams.RecordingDynamodbHandler::handleRequest
        """, "relay.yaml");
    try (TemplateLambdaInvoker relay = new TemplateLambdaInvoker(template, null)) {
      JsonNode answer = relay.invoke(PREFIX + "RelayFunction", json("""
          {"Records": [{"eventID": "e1", "eventName": "INSERT", "eventSourceARN": "arn:stream",
            "dynamodb": {"ApproximateCreationDateTime": 1795428900, "Keys": {"SK": {"S": "EVENT#1"}},
                         "NewImage": {"SK": {"S": "EVENT#1"}, "failOnce": {"BOOL": true}},
                         "SequenceNumber": "000000000000000000042", "SizeBytes": 20, "StreamViewType": "NEW_IMAGE"}}]}
          """));

      assertEquals(json("{\"batchItemFailures\": [{\"itemIdentifier\": \"000000000000000000042\"}]}"), answer,
          "the handler saw Records, NewImage and the sequence number: plain Jackson would have given it no records");
      assertEquals("arn:stream", RecordingDynamodbHandler.RECEIVED.get(RecordingDynamodbHandler.RECEIVED.size() - 1)
          .getRecords().get(0).getEventSourceARN());
    }
  }
}
