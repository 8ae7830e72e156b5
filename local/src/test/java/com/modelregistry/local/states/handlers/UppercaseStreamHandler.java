package com.modelregistry.local.states.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A stream handler: gets the payload's bytes, writes the response's bytes. */
public final class UppercaseStreamHandler implements RequestStreamHandler {

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    output.write(json.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }
}
