package dev.sluice.workload;

import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes Go's {@code encoding/json} produces for a {@code map[string]string}, which Flagger
 * hashes into {@code status.trackedConfigs}. Producing the same text keeps the checksums of a
 * Canary that Flagger managed valid after migration, so taking over does not start a run.
 */
final class GoJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  /** {@code null} for a nil or empty map (the API server omits empty maps), else sorted keys. */
  static String stringMap(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return "null";
    }
    StringBuilder out = new StringBuilder("{");
    new TreeMap<>(map)
        .forEach(
            (key, value) -> {
              if (out.length() > 1) {
                out.append(',');
              }
              string(out, key);
              out.append(':');
              string(out, value == null ? "" : value);
            });
    return out.append('}').toString();
  }

  // Go escapes HTML characters and the JavaScript line separators by default, and since Go 1.22
  // writes \b and \f in their short form.
  private static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(out, c);
        default -> {
          if (c < 0x20) {
            unicode(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicode(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
