package dev.sluice.notify;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a chat message, from {@code sluice.notify.template}: {@code {message}}, {@code
 * {reason}}, {@code {name}}, {@code {namespace}}, {@code {target}}, {@code {phase}}, {@code
 * {weight}} and {@code {cluster}} are replaced; anything else in braces is left as written.
 *
 * <p>Values are inserted once, never expanded again: a message that itself contains {@code {name}}
 * stays as it is.
 */
public record MessageTemplate(String text) {
  public static final String DEFAULT = "{message}";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

  public MessageTemplate {
    text = text == null || text.isBlank() ? DEFAULT : text;
  }

  /**
   * @param values placeholder name (without braces) to value; a null value renders as empty
   */
  public String render(Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String value = values.get(name);
      String replacement =
          values.containsKey(name) ? (value == null ? "" : value) : matcher.group();
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
