package com.modelregistry.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.core.ErrorCode;
import com.modelregistry.core.RegistryException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SemverTest {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0", "1.2.3", "10.20.30", "999999999.0.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
      "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0-0", "1.0.0-0a", "1.0.0-alpha0.valid", "1.0.0-rc.1"})
  void givenValidSemver_whenParsed_thenItPrintsBackTheSame(String text) {
    assertEquals(text, Semver.parse(text).toString());
    assertTrue(Semver.looksLike(text));
  }

  @Test
  void givenSemver_whenParsed_thenItsPartsAreNumbersAndThePreReleaseIsKept() {
    assertEquals(new Semver(2, 10, 0, "rc.1"), Semver.parse("2.10.0-rc.1"));
    assertEquals(new Semver(1, 2, 3, null), Semver.parse(" 1.2.3 "));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "v1.2.3", "1.2.3-", "1.2.3-alpha..1",
      "1.2.3-alpha.", "1.2.3-al pha", "-1.2.3", "1.2.3+build.5", "1000000000.0.0", "1.2.3-01", "1.2.3-rc.01", "1.2.3-00"})
  void givenInvalidSemver_whenParsed_thenInvalidArgument(String text) {
    RegistryException e = assertThrows(RegistryException.class, () -> Semver.parse(text));

    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("MAJOR.MINOR.PATCH"), e.getMessage());
    assertFalse(text != null && Semver.looksLike(text.trim()));
  }

  /** semver.org §11: 1.0.0-alpha < 1.0.0-alpha.1 < ... < 1.0.0-rc.1 < 1.0.0, then by major, minor, patch. */
  private static final List<String> ASCENDING = List.of("0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
      "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0-0",
      "2.0.0", "10.0.0");

  @Test
  void givenSemverOrgPrecedenceChain_whenEveryPairIsCompared_thenTheOrderHolds() {
    for (int i = 0; i < ASCENDING.size(); i++) {
      for (int j = 0; j < ASCENDING.size(); j++) {
        int c = Semver.parse(ASCENDING.get(i)).compareTo(Semver.parse(ASCENDING.get(j)));
        assertEquals(Integer.signum(Integer.compare(i, j)), Integer.signum(c), ASCENDING.get(i) + " vs " + ASCENDING.get(j));
      }
    }
  }

  @Test
  void givenShuffledVersions_whenSorted_thenTheyComeBackInPrecedenceOrder() {
    List<Semver> shuffled = new ArrayList<>(ASCENDING.stream().map(Semver::parse).toList());
    Collections.shuffle(shuffled, new Random(42));

    Collections.sort(shuffled);

    assertEquals(ASCENDING, shuffled.stream().map(Semver::toString).toList());
  }

  @Test
  void givenPreReleaseIdentifiers_whenCompared_thenNumericOnesCompareNumericallyAndSortBeforeAlphanumericOnes() {
    assertTrue(less("1.0.0-2", "1.0.0-10"));
    assertTrue(less("1.0.0-rc.2", "1.0.0-rc.10"));
    assertTrue(less("1.0.0-999", "1.0.0-a"));
    assertTrue(less("1.0.0-Z", "1.0.0-a"), "alphanumeric identifiers compare in ASCII order");
    assertTrue(less("1.0.0-a-b", "1.0.0-a-c"));
    assertTrue(less("1.0.0-alpha", "1.0.0-alpha.0"), "more identifiers win when the shared ones are equal");
    assertTrue(less("1.0.0-99999999999999999998", "1.0.0-99999999999999999999"), "identifiers beyond a long");
    assertTrue(less("1.0.0-9223372036854775807", "1.0.0-9223372036854775808"));
    assertEquals(0, Semver.parse("1.0.0-rc.1").compareTo(Semver.parse("1.0.0-rc.1")));
  }

  @Test
  void givenSemver_whenBumped_thenTheLowerPartsResetAndAnyPreReleaseIsDropped() {
    Semver v = Semver.parse("1.2.3");

    assertEquals("2.0.0", v.bump("major").toString());
    assertEquals("1.3.0", v.bump("minor").toString());
    assertEquals("1.2.4", v.bump("patch").toString());
    assertEquals("2.0.0", v.bump("MAJOR").toString());
    assertEquals("2.0.0", Semver.parse("2.0.0-rc.1").bump("patch").toString());
    assertEquals("2.0.0", Semver.parse("2.0.0-rc.1").bump("major").toString());
    assertEquals("1.3.0", Semver.parse("1.3.0-rc.1").bump("minor").toString());
    assertEquals("2.0.0", Semver.parse("1.3.0-rc.1").bump("major").toString());
    assertEquals("1.3.2", Semver.parse("1.3.2-beta").bump("patch").toString());
    assertEquals("1.4.0", Semver.parse("1.3.2-beta").bump("minor").toString());
    assertEquals("0.0.1", Semver.ZERO.bump("patch").toString());
    assertTrue(Semver.parse("2.0.0-rc.1").bump("patch").compareTo(Semver.parse("2.0.0-rc.1")) > 0);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"huge", "build", " patch"})
  void givenUnknownPart_whenBumped_thenInvalidArgument(String part) {
    assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RegistryException.class, () -> Semver.ZERO.bump(part)).code());
  }

  private static boolean less(String a, String b) {
    return Semver.parse(a).compareTo(Semver.parse(b)) < 0 && Semver.parse(b).compareTo(Semver.parse(a)) > 0;
  }
}
