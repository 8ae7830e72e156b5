package com.modelregistry.local.states;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import com.modelregistry.local.states.asl.Timestamps;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the system clock, waits end by themselves in real time (the scheduler's timer thread). */
class RealClockTest {

  @TempDir Path directory;

  @Test
  void aWaitEndsInRealTime() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    TestLambdas lambdas = new TestLambdas().define("Done", payload -> {
      done.countDown();
      return TextNode.valueOf("done");
    });
    try (StatesHarness states = new StatesHarness(directory, LocalClock.system(), lambdas)) {
      Instant started = Instant.now();
      String until = Timestamps.format(started.plusMillis(300));
      String execution = states.start(states.createMachine("""
          {"StartAt": "W", "States": {
            "W": {"Type": "Wait", "TimestampPath": "$.until", "Next": "T"},
            "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Done", "End": true}}}"""),
          "{\"until\": \"" + until + "\"}");
      assertTrue(done.await(10, TimeUnit.SECONDS), "the wait never ended");
      assertTrue(Duration.between(started, Instant.now()).toMillis() >= 250);
      states.idle();
      assertEquals("SUCCEEDED", states.status(execution));
    }
  }
}
