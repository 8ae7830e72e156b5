package com.modelregistry.local.aws;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Points the SDK's Step Functions, EventBridge and SES v2 clients at an {@link AwsEndpoint} the way the
 * runtime does (region, credentials, {@link AwsEndpoint#SDK_ENDPOINT_PROPERTIES}), and puts the JVM's
 * previous values back on {@link #close()}.
 */
public final class SdkSystemProperties implements AutoCloseable {

  private final Map<String, String> previous = new HashMap<>();

  private SdkSystemProperties() {}

  public static SdkSystemProperties pointAt(URI endpoint) {
    SdkSystemProperties properties = new SdkSystemProperties();
    properties.set("aws.region", "us-east-1");
    properties.set("aws.accessKeyId", "local");
    properties.set("aws.secretAccessKey", "localsecret");
    AwsEndpoint.SDK_ENDPOINT_PROPERTIES.forEach(name -> properties.set(name, endpoint.toString()));
    return properties;
  }

  private void set(String name, String value) {
    previous.putIfAbsent(name, System.getProperty(name));
    System.setProperty(name, value);
  }

  @Override
  public void close() {
    previous.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }
}
