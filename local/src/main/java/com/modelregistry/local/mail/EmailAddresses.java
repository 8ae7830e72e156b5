package com.modelregistry.local.mail;

import com.modelregistry.local.aws.AwsServiceError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email addresses as SES takes them: {@code user@example.com} or {@code "Name" <user@example.com>}; a
 * malformed one is a {@code BadRequestException}, as SES v2 answers.
 */
final class EmailAddresses {

  private static final Pattern ADDR_SPEC = Pattern.compile("[^\\s@<>()\\[\\],;:\"]+@[^\\s@<>()\\[\\],;:\"]+");
  private static final Pattern NAME_ADDR = Pattern.compile("(?s)(.*)<([^<>]*)>\\s*");

  private EmailAddresses() {}

  /** The address part: {@code "Ann" <ann@example.com>} → {@code ann@example.com}. */
  static String addrSpec(String address) {
    Matcher named = NAME_ADDR.matcher(address.trim());
    return (named.matches() ? named.group(2) : address).trim();
  }

  /** @throws AwsServiceError BadRequestException when {@code address} is not an email address */
  static String check(String address) {
    String spec = addrSpec(address);
    if (!spec.contains("@")) {
      throw new AwsServiceError("BadRequestException", "Missing final '@domain' in address '" + address + "'.");
    }
    if (!ADDR_SPEC.matcher(spec).matches()) {
      throw new AwsServiceError("BadRequestException", "Illegal address '" + address + "'.");
    }
    return address.trim();
  }

  static List<String> checkAll(List<String> addresses) {
    List<String> checked = new ArrayList<>();
    addresses.forEach(address -> checked.add(check(address)));
    return checked;
  }

  /** Splits a header's address list at the commas that are outside quotes and angle brackets. */
  static List<String> splitHeader(String header) {
    List<String> addresses = new ArrayList<>();
    if (header == null) {
      return addresses;
    }
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    int angle = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"' && (i == 0 || header.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && c == '<') {
        angle++;
      } else if (!quoted && c == '>') {
        angle = Math.max(0, angle - 1);
      }
      if (c == ',' && !quoted && angle == 0) {
        addIfPresent(addresses, current);
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    addIfPresent(addresses, current);
    return addresses;
  }

  private static void addIfPresent(List<String> addresses, StringBuilder address) {
    String trimmed = address.toString().trim();
    if (!trimmed.isEmpty()) {
      addresses.add(trimmed);
    }
  }
}
