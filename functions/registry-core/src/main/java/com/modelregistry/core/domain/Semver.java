package com.modelregistry.core.domain;

import com.modelregistry.core.RegistryException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version (semver.org 2.0.0): MAJOR.MINOR.PATCH with an optional pre-release. */
public record Semver(long major, long minor, long patch, String preRelease) implements Comparable<Semver> {

  private static final Pattern PATTERN = Pattern.compile(
      "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})"
          + "(?:-((?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*))?");

  public static boolean looksLike(String text) {
    return text != null && PATTERN.matcher(text).matches();
  }

  public static Semver parse(String text) {
    Matcher m = text == null ? null : PATTERN.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw RegistryException.invalid("semver '" + text + "' is not MAJOR.MINOR.PATCH[-prerelease], e.g. 1.4.0 or 2.0.0-rc.1");
    }
    return new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(4));
  }

  /**
   * The next version after this one ({@code part}: major, minor or patch). A bump drops any pre-release;
   * a pre-release's bump is its own release where that is the requested part (as npm does it):
   * 2.0.0-rc.1 bumps to 2.0.0 by major, minor or patch; 1.3.0-rc.1 to 1.3.0 by minor or patch, 2.0.0 by major.
   */
  public Semver bump(String part) {
    boolean pre = preRelease != null;
    return switch (part == null ? "" : part.toLowerCase(Locale.ROOT)) {
      case "major" -> pre && minor == 0 && patch == 0 ? new Semver(major, 0, 0, null) : new Semver(major + 1, 0, 0, null);
      case "minor" -> pre && patch == 0 ? new Semver(major, minor, 0, null) : new Semver(major, minor + 1, 0, null);
      case "patch" -> pre ? new Semver(major, minor, patch, null) : new Semver(major, minor, patch + 1, null);
      default -> throw RegistryException.invalid("bump must be major, minor or patch, got '" + part + "'");
    };
  }

  public static final Semver ZERO = new Semver(0, 0, 0, null);

  @Override
  public int compareTo(Semver other) {
    int c = Long.compare(major, other.major);
    if (c == 0) c = Long.compare(minor, other.minor);
    if (c == 0) c = Long.compare(patch, other.patch);
    if (c != 0) return c;
    if (preRelease == null || other.preRelease == null) {
      return preRelease == null ? (other.preRelease == null ? 0 : 1) : -1;
    }
    return comparePreRelease(preRelease, other.preRelease);
  }

  private static int comparePreRelease(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.min(left.length, right.length); i++) {
      boolean leftNumeric = left[i].chars().allMatch(Character::isDigit);
      boolean rightNumeric = right[i].chars().allMatch(Character::isDigit);
      int c;
      if (leftNumeric && rightNumeric) {
        c = new java.math.BigInteger(left[i]).compareTo(new java.math.BigInteger(right[i]));
      } else if (leftNumeric != rightNumeric) {
        c = leftNumeric ? -1 : 1;
      } else {
        c = left[i].compareTo(right[i]);
      }
      if (c != 0) return c;
    }
    return Integer.compare(left.length, right.length);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease == null ? "" : "-" + preRelease);
  }
}
