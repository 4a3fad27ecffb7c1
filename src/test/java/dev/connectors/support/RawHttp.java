package dev.connectors.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes on a socket, for requests no HTTP client will send: what came back, and whether the
 * service closed the connection within the time given.
 */
public final class RawHttp {

  public record Exchange(String response, boolean closed) {
  }

  private RawHttp() {
  }

  /** Sends {@code request} (ISO-8859-1, one byte a character) and reads until closed or {@code waitMillis}. */
  public static Exchange exchange(int port, String request, int waitMillis) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(waitMillis);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      boolean closed;
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          read.write(buffer, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException open) {
        closed = false;
      } catch (IOException reset) {
        closed = true;
      }
      return new Exchange(read.toString(StandardCharsets.UTF_8), closed);
    }
  }
}
