package dev.connectors.http;

/** The service's version, from the jar's manifest ({@code dev} when run from classes). */
final class Version {

  static final String NUMBER = numberFromManifest();

  private Version() {
  }

  private static String numberFromManifest() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
