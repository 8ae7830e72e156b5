package com.modelregistry.local.states;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * Every operation through the AWS SDK v2 Step Functions client, so request and response shapes,
 * timestamps and error types are checked the way the SDK reads them.
 */
class StepFunctionsSdkTest {

  private static final String ROLE = "arn:aws:iam::000000000000:role/sfn";
  private static final String WAIT = """
      {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}""";
  private static final String CALLBACK = """
      {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "Approver", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}""";

  @TempDir Path directory;
  StatesHarness states;
  SfnClient sfn;

  @BeforeEach
  void open() {
    states = new StatesHarness(directory);
    states.lambdas.define("Approver", payload -> payload);
    sfn = SfnClient.builder()
        .httpClient(new InProcessHttpClient(states.service))
        .endpointOverride(URI.create("http://127.0.0.1:4566"))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  @AfterEach
  void close() {
    sfn.close();
    states.close();
  }

  private String create(String name, String definition) {
    return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
  }

  @Test
  void stateMachineLifecycle() {
    CreateStateMachineResponse created = sfn.createStateMachine(r -> r.name("promote").definition(WAIT).roleArn(ROLE)
        .type(StateMachineType.STANDARD));
    assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:promote", created.stateMachineArn());
    assertEquals(StatesHarness.START, created.creationDate());
    assertEquals(created.stateMachineArn(), create("promote", WAIT), "same name, definition and role: idempotent");

    DescribeStateMachineResponse described = sfn.describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn()));
    assertEquals("promote", described.name());
    assertEquals(StateMachineStatus.ACTIVE, described.status());
    assertEquals(StateMachineType.STANDARD, described.type());
    assertEquals(WAIT, described.definition());
    assertEquals(ROLE, described.roleArn());
    assertEquals(StatesHarness.START, described.creationDate());
    assertEquals("OFF", described.loggingConfiguration().levelAsString());
    assertFalse(described.tracingConfiguration().enabled());

    states.clock.advance(Duration.ofSeconds(5));
    String updatedDefinition = WAIT.replace("60", "30");
    UpdateStateMachineResponse updated = sfn.updateStateMachine(r -> r.stateMachineArn(created.stateMachineArn())
        .definition(updatedDefinition));
    assertEquals(StatesHarness.START.plusSeconds(5), updated.updateDate());
    assertEquals(updatedDefinition, sfn.describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn())).definition());
    assertEquals(updated.revisionId(), sfn.describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn())).revisionId());
    assertThrows(MissingRequiredParameterException.class,
        () -> sfn.updateStateMachine(r -> r.stateMachineArn(created.stateMachineArn())));
    assertThrows(StateMachineAlreadyExistsException.class, () -> create("promote", WAIT));

    sfn.deleteStateMachine(r -> r.stateMachineArn(created.stateMachineArn()));
    StateMachineDoesNotExistException gone = assertThrows(StateMachineDoesNotExistException.class,
        () -> sfn.describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn())));
    assertEquals("State Machine Does Not Exist: '" + created.stateMachineArn() + "'",
        gone.awsErrorDetails().errorMessage());
    sfn.deleteStateMachine(r -> r.stateMachineArn(created.stateMachineArn())); // deleting again is fine
  }

  @Test
  void createStateMachineRefusals() {
    InvalidDefinitionException invalid = assertThrows(InvalidDefinitionException.class,
        () -> create("bad", "{\"StartAt\": \"Nope\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}"));
    assertTrue(invalid.awsErrorDetails().errorMessage().contains("MISSING_TRANSITION_TARGET: Missing 'StartAt' target: Nope"),
        invalid.awsErrorDetails().errorMessage());
    assertThrows(InvalidDefinitionException.class, () -> create("bad", "not json"));
    assertThrows(InvalidNameException.class, () -> create("has space", WAIT));
    assertThrows(InvalidNameException.class, () -> create("a/b", WAIT));
    assertThrows(InvalidNameException.class, () -> create("x".repeat(81), WAIT));
    assertThrows(ValidationException.class,
        () -> sfn.createStateMachine(r -> r.name("fast").definition(WAIT).roleArn(ROLE).type(StateMachineType.EXPRESS)));
    assertThrows(ValidationException.class, () -> sfn.createStateMachine(r -> r.name("norole").definition(WAIT)));
  }

  @Test
  void listStateMachinesPages() {
    for (String name : List.of("c", "a", "b")) {
      create(name, WAIT);
    }
    ListStateMachinesResponse first = sfn.listStateMachines(r -> r.maxResults(2));
    assertEquals(List.of("a", "b"), first.stateMachines().stream().map(m -> m.name()).toList());
    assertEquals(StatesHarness.START, first.stateMachines().get(0).creationDate());
    ListStateMachinesResponse second = sfn.listStateMachines(r -> r.maxResults(2).nextToken(first.nextToken()));
    assertEquals(List.of("c"), second.stateMachines().stream().map(m -> m.name()).toList());
    assertNull(second.nextToken());
    assertEquals(3, sfn.listStateMachinesPaginator(r -> r.maxResults(1)).stateMachines().stream().count());
    assertThrows(InvalidTokenException.class, () -> sfn.listStateMachines(r -> r.nextToken("garbage")));
  }

  @Test
  void executionLifecycle() {
    String machine = create("waiter", WAIT);
    StartExecutionResponse started = sfn.startExecution(r -> r.stateMachineArn(machine).name("run-1").input("{\"a\": 1}"));
    assertEquals("arn:aws:states:us-east-1:000000000000:execution:waiter:run-1", started.executionArn());
    assertEquals(StatesHarness.START, started.startDate());
    states.idle();

    DescribeExecutionResponse running = sfn.describeExecution(r -> r.executionArn(started.executionArn()));
    assertEquals(ExecutionStatus.RUNNING, running.status());
    assertEquals("{\"a\": 1}", running.input());
    assertEquals("run-1", running.name());
    assertEquals(machine, running.stateMachineArn());
    assertNull(running.stopDate());
    assertNull(running.output());
    assertEquals(WAIT, sfn.describeStateMachineForExecution(r -> r.executionArn(started.executionArn())).definition());

    states.advance(Duration.ofSeconds(60));
    DescribeExecutionResponse done = sfn.describeExecution(r -> r.executionArn(started.executionArn()));
    assertEquals(ExecutionStatus.SUCCEEDED, done.status());
    assertEquals("{\"a\":1}", done.output());
    assertEquals(StatesHarness.START.plusSeconds(60), done.stopDate());

    GetExecutionHistoryResponse history = sfn.getExecutionHistory(r -> r.executionArn(started.executionArn()));
    assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.WAIT_STATE_ENTERED,
        HistoryEventType.WAIT_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED),
        history.events().stream().map(HistoryEvent::type).toList());
    HistoryEvent exited = history.events().get(2);
    assertEquals(StatesHarness.START.plusSeconds(60), exited.timestamp());
    assertEquals("W", exited.stateExitedEventDetails().name());
    assertEquals(3L, exited.id());
    assertEquals(2L, exited.previousEventId());
    assertEquals(ROLE, history.events().get(0).executionStartedEventDetails().roleArn());
    assertEquals(List.of(4L, 3L), sfn.getExecutionHistory(r -> r.executionArn(started.executionArn())
        .reverseOrder(true).maxResults(2)).events().stream().map(HistoryEvent::id).toList());
    assertEquals(4, sfn.getExecutionHistoryPaginator(r -> r.executionArn(started.executionArn()).maxResults(1))
        .events().stream().count());
  }

  @Test
  void startExecutionIsIdempotentOnNameAndInputWhileRunning() {
    String machine = create("waiter", WAIT);
    StartExecutionResponse first = sfn.startExecution(r -> r.stateMachineArn(machine).name("once").input("{\"x\": 1}"));
    states.clock.advance(Duration.ofSeconds(1));
    StartExecutionResponse again = sfn.startExecution(r -> r.stateMachineArn(machine).name("once").input("{\"x\":1}"));
    assertEquals(first.executionArn(), again.executionArn());
    assertEquals(first.startDate(), again.startDate());
    ExecutionAlreadyExistsException different = assertThrows(ExecutionAlreadyExistsException.class,
        () -> sfn.startExecution(r -> r.stateMachineArn(machine).name("once").input("{\"x\": 2}")));
    assertEquals("Execution Already Exists: '" + first.executionArn() + "'", different.awsErrorDetails().errorMessage());
    states.advance(Duration.ofSeconds(60));
    assertThrows(ExecutionAlreadyExistsException.class,
        () -> sfn.startExecution(r -> r.stateMachineArn(machine).name("once").input("{\"x\": 1}")),
        "a closed execution's name can't be reused");
    String generated = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
    assertTrue(generated.matches(".*:execution:waiter:[0-9a-f-]{36}"), generated);
    assertEquals("{}", sfn.describeExecution(r -> r.executionArn(generated)).input());
  }

  @Test
  void startExecutionRefusals() {
    String machine = create("waiter", WAIT);
    InvalidExecutionInputException input = assertThrows(InvalidExecutionInputException.class,
        () -> sfn.startExecution(r -> r.stateMachineArn(machine).input("{oops")));
    assertTrue(input.awsErrorDetails().errorMessage().startsWith("Invalid State Machine Execution Input: '"));
    assertThrows(InvalidNameException.class, () -> sfn.startExecution(r -> r.stateMachineArn(machine).name("a b")));
    assertThrows(StateMachineDoesNotExistException.class,
        () -> sfn.startExecution(r -> r.stateMachineArn(machine + "-missing")));
    InvalidArnException arn = assertThrows(InvalidArnException.class,
        () -> sfn.startExecution(r -> r.stateMachineArn("arn:aws:states:us-east-1:000000000000:execution:waiter:x")));
    assertEquals("Invalid Arn: 'Resource type not valid in this context: execution'", arn.awsErrorDetails().errorMessage());
    assertThrows(InvalidArnException.class, () -> sfn.startExecution(r -> r.stateMachineArn("waiter")));
  }

  @Test
  void stopAndListExecutions() {
    String machine = create("waiter", WAIT);
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      arns.add(sfn.startExecution(r -> r.stateMachineArn(machine).name("run-" + n)).executionArn());
      states.clock.advance(Duration.ofSeconds(1));
    }
    states.idle();
    assertNotEquals(null, sfn.stopExecution(r -> r.executionArn(arns.get(1)).error("Stop").cause("test")).stopDate());
    DescribeExecutionResponse stopped = sfn.describeExecution(r -> r.executionArn(arns.get(1)));
    assertEquals(ExecutionStatus.ABORTED, stopped.status());
    assertEquals("Stop", stopped.error());

    ListExecutionsResponse all = sfn.listExecutions(r -> r.stateMachineArn(machine));
    assertEquals(List.of("run-2", "run-1", "run-0"), all.executions().stream().map(ExecutionListItem::name).toList(),
        "newest first");
    assertEquals(List.of("run-2", "run-0"), sfn.listExecutions(r -> r.stateMachineArn(machine)
        .statusFilter(ExecutionStatus.RUNNING)).executions().stream().map(ExecutionListItem::name).toList());
    ListExecutionsResponse page = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(2));
    assertEquals(2, page.executions().size());
    ListExecutionsResponse rest = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(2)
        .nextToken(page.nextToken()));
    assertEquals(List.of("run-0"), rest.executions().stream().map(ExecutionListItem::name).toList());
    assertEquals(3, sfn.listExecutionsPaginator(r -> r.stateMachineArn(machine).maxResults(1)).executions().stream().count());
    assertThrows(StateMachineDoesNotExistException.class,
        () -> sfn.listExecutions(r -> r.stateMachineArn(machine + "x")));
    assertThrows(ValidationException.class, () -> sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter("DONE")));
  }

  @Test
  void executionErrors() {
    create("waiter", WAIT);
    ExecutionDoesNotExistException missing = assertThrows(ExecutionDoesNotExistException.class,
        () -> sfn.describeExecution(r -> r.executionArn("arn:aws:states:us-east-1:000000000000:execution:waiter:nope")));
    assertEquals("Execution Does Not Exist: 'arn:aws:states:us-east-1:000000000000:execution:waiter:nope'",
        missing.awsErrorDetails().errorMessage());
    assertThrows(ExecutionDoesNotExistException.class, () -> sfn.getExecutionHistory(
        r -> r.executionArn("arn:aws:states:us-east-1:000000000000:execution:waiter:nope")));
    assertThrows(ExecutionDoesNotExistException.class, () -> sfn.stopExecution(
        r -> r.executionArn("arn:aws:states:us-east-1:000000000000:execution:waiter:nope")));
    assertThrows(InvalidArnException.class, () -> sfn.describeExecution(
        r -> r.executionArn("arn:aws:states:us-east-1:000000000000:stateMachine:waiter")));
    SfnException unknown = assertThrows(SfnException.class, () -> sfn.listActivities(r -> { }));
    assertEquals("UnknownOperationException", unknown.awsErrorDetails().errorCode());
  }

  @Test
  void callbacks() {
    String machine = create("approval", CALLBACK);
    String execution = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
    states.idle();
    String token = states.lambdas.payloads("Approver").get(0).get("token").textValue();
    sfn.sendTaskHeartbeat(r -> r.taskToken(token));
    assertThrows(InvalidOutputException.class, () -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("nope")));
    sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"approved\": true}"));
    states.idle();
    assertEquals("{\"approved\":true}", sfn.describeExecution(r -> r.executionArn(execution)).output());
    assertThrows(TaskTimedOutException.class, () -> sfn.sendTaskFailure(r -> r.taskToken(token).error("E")));
    assertThrows(InvalidTokenException.class, () -> sfn.sendTaskSuccess(r -> r.taskToken("bogus").output("{}")));
    String orphan = TaskTokens.issue(Arns.execution("approval", "never-ran"), 1);
    assertThrows(TaskDoesNotExistException.class, () -> sfn.sendTaskHeartbeat(r -> r.taskToken(orphan)));

    String failing = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
    states.idle();
    String second = states.lambdas.payloads("Approver").get(1).get("token").textValue();
    sfn.sendTaskFailure(r -> r.taskToken(second).error("Rejected").cause("no"));
    states.idle();
    DescribeExecutionResponse failed = sfn.describeExecution(r -> r.executionArn(failing));
    assertEquals(ExecutionStatus.FAILED, failed.status());
    assertEquals("Rejected", failed.error());
    assertEquals("no", failed.cause());
  }

  @Test
  void validateStateMachineDefinition() {
    ValidateStateMachineDefinitionResponse ok = sfn.validateStateMachineDefinition(r -> r.definition(WAIT));
    assertEquals(ValidateStateMachineDefinitionResultCode.OK, ok.result());
    assertTrue(ok.diagnostics().isEmpty());
    ValidateStateMachineDefinitionResponse failed = sfn.validateStateMachineDefinition(r -> r.definition("""
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"""));
    assertEquals(ValidateStateMachineDefinitionResultCode.FAIL, failed.result());
    assertEquals("MISSING_TRANSITION_TARGET", failed.diagnostics().get(0).code());
    assertEquals("/States/A/Next", failed.diagnostics().get(0).location());
  }
}
