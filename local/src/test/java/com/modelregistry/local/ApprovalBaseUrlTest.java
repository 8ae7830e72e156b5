package com.modelregistry.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.modelregistry.local.sam.SamTemplate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime puts its own URL into the ApprovalBaseUrl parameter, unless the user gave one. */
class ApprovalBaseUrlTest {

  private static final String TEMPLATE = """
      Parameters:
        ApprovalBaseUrl:
          Type: String
          Default: ""
        Other:
          Type: String
          Default: o
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Handler: com.example.Fn::handleRequest
            Environment:
              Variables:
                APPROVAL_BASE_URL: !Ref ApprovalBaseUrl
                OTHER: !Ref Other
      """;

  @Test
  void givenTheParameterWithoutOverride_thenItBecomesTheRuntimesBaseUrl_andOtherOverridesStay() {
    SamTemplate template = SamTemplate.parse(TEMPLATE, "t.yaml").withParameterOverrides(Map.of("Other", "x"));

    SamTemplate own = LocalRuntime.withOwnBaseUrl(template, "http://127.0.0.1:4321");

    assertEquals("http://127.0.0.1:4321", own.function("Fn").environment().get("APPROVAL_BASE_URL"));
    assertEquals("x", own.function("Fn").environment().get("OTHER"));
    assertEquals(Map.of("Other", "x"), own.parameterOverrides(), "the runtime's value is no user override");
    assertEquals("http://127.0.0.1:4321", own.withParameterOverrides(Map.of("Other", "y")).parameterValue("ApprovalBaseUrl"),
        "kept when overrides change");
    assertEquals("https://u", own.withParameterOverrides(Map.of("ApprovalBaseUrl", "https://u"))
        .parameterValue("ApprovalBaseUrl"), "an override still wins");
  }

  @Test
  void givenTheUsersValue_evenEmpty_thenItIsKept() {
    SamTemplate custom = SamTemplate.parse(TEMPLATE, "t.yaml")
        .withParameterOverrides(Map.of("ApprovalBaseUrl", "https://registry.example.com"));
    assertSame(custom, LocalRuntime.withOwnBaseUrl(custom, "http://127.0.0.1:4321"));

    SamTemplate empty = SamTemplate.parse(TEMPLATE, "t.yaml").withParameterOverrides(Map.of("ApprovalBaseUrl", ""));
    assertEquals("", LocalRuntime.withOwnBaseUrl(empty, "http://127.0.0.1:4321").function("Fn").environment()
        .get("APPROVAL_BASE_URL"), "an empty value is a value: the code then uses API_URL");
  }

  @Test
  void givenATemplateWithoutTheParameter_thenNothingChanges() {
    SamTemplate template = SamTemplate.parse("Resources: {}\n", "t.yaml");
    assertSame(template, LocalRuntime.withOwnBaseUrl(template, "http://127.0.0.1:4321"));
  }
}
