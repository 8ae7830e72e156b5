package com.modelregistry.aws;

import com.modelregistry.core.port.WorkflowEngine;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * {@link WorkflowEngine} on Step Functions: the promotion state machine, one execution per promotion,
 * named after it ({@code arn:aws:states:<region>:<account>:execution:<machine>:<promotionId>}).
 */
public final class StepFunctionsWorkflowEngine implements WorkflowEngine {
  private final SfnClient sfn;
  private final String stateMachineArn;

  /** @param stateMachineArn null where the function starts and stops nothing (then only completeTask works) */
  public StepFunctionsWorkflowEngine(SfnClient sfn, String stateMachineArn) {
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
  }

  @Override
  public String executionArnOf(String promotionId) {
    String machine = Config.require(stateMachineArn, "PROMOTION_STATE_MACHINE_ARN");
    return machine.replaceFirst(":stateMachine:", ":execution:") + ":" + promotionId;
  }

  @Override
  public String start(String promotionId) {
    String input = "{\"promotionId\":\"" + promotionId + "\"}";
    try {
      return sfn.startExecution(request -> request.stateMachineArn(Config.require(stateMachineArn,
          "PROMOTION_STATE_MACHINE_ARN")).name(promotionId).input(input)).executionArn();
    } catch (ExecutionAlreadyExistsException e) {
      // A retried start of the same promotion: its execution already runs.
      return executionArnOf(promotionId);
    }
  }

  @Override
  public void stop(String executionArn, String reason) {
    String cause = reason == null ? "" : reason.length() > 32768 ? reason.substring(0, 32768) : reason;
    try {
      sfn.stopExecution(request -> request.executionArn(executionArn).error("PromotionStopped").cause(cause));
    } catch (ExecutionDoesNotExistException e) {
      // never started: nothing to stop
    }
  }

  @Override
  public boolean completeTask(String taskToken, String outputJson) {
    try {
      sfn.sendTaskSuccess(request -> request.taskToken(taskToken).output(outputJson));
      return true;
    } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
      return false;
    }
  }
}
