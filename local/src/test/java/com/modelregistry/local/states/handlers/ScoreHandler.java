package com.modelregistry.local.states.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.concurrent.atomic.AtomicInteger;

/** A quality gate: a POJO in, a POJO out, as Lambda's Java runtime converts them. */
public final class ScoreHandler implements RequestHandler<ScoreHandler.Score, ScoreHandler.Verdict> {

  public static final AtomicInteger INSTANCES = new AtomicInteger();

  public ScoreHandler() {
    INSTANCES.incrementAndGet();
  }

  @Override
  public Verdict handleRequest(Score score, Context context) {
    Verdict verdict = new Verdict();
    verdict.model = score.model;
    verdict.passed = score.auc >= 0.9;
    verdict.function = context.getFunctionName();
    return verdict;
  }

  /** The input; unknown fields of the payload are ignored. */
  public static final class Score {
    public String model;
    public double auc;
  }

  /** The output; a null field is left out, as Lambda's serializer does. */
  public static final class Verdict {
    public String model;
    public boolean passed;
    public String function;
    public String note;
  }
}
