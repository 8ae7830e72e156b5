package com.modelregistry.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.local.identity.Principals;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binding the API port before serving: the runtime learns its own URL (port 0 → the port it got) before
 * it creates the functions that put that URL into links.
 */
class HttpApiFrontBindTest {

  @TempDir
  Path dir;

  @Test
  void givenPortZero_whenBound_thenThePortAndBaseUrlAreKnownBeforeServing() throws Exception {
    try (HttpApiFront front = HttpApiFront.bind("127.0.0.1", 0)) {
      assertTrue(front.port() > 0);
      assertEquals("http://127.0.0.1:" + front.port(), front.baseUrl());
      front.serve(List.of(), Principals.loadOrGenerate(dir), List.of());
      assertThrows(IllegalStateException.class, () -> front.serve(List.of(), Principals.loadOrGenerate(dir), List.of()));
    }
  }

  @Test
  void givenABoundFrontThatNeverServed_whenClosed_thenThePortIsFreeAgain_andClosingTwiceIsHarmless() throws Exception {
    HttpApiFront front = HttpApiFront.bind("127.0.0.1", 0);
    int port = front.port();
    front.close();
    front.close();
    try (ServerSocket again = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertEquals(port, again.getLocalPort());
    }
  }

  @Test
  void givenWildcardOrIpv6Hosts_thenTheBaseUrlIsOneABrowserCanOpen() {
    try (HttpApiFront front = HttpApiFront.bind("0.0.0.0", 0)) {
      assertEquals("http://127.0.0.1:" + front.port(), front.baseUrl());
    }
  }
}
