package dev.sluice.query;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a query template the way Flagger does with Go's {@code text/template}, for the subset
 * Flagger documents: {@code {{ name }}}, {@code {{ namespace }}}, {@code {{ target }}}, {@code {{
 * service }}}, {@code {{ ingress }}}, {@code {{ interval }}} and {@code {{ variables.key }}}.
 *
 * <p>As in Go, spaces, tabs and newlines inside the braces are free ({@code {{target}}} works) and
 * {@code {{- x -}}} trims the white space before and after the action. Flagger renders with no data
 * value, so {@code {{ .name }}} never worked there; it is refused with a hint. Other Go template
 * features (pipelines, {@code if}, {@code printf}, comments) are refused rather than guessed at.
 *
 * <p>Where Go would print {@code <no value>} for a {@code variables} key the metric does not set,
 * this is an error: a query with a hole in it must not reach Prometheus.
 *
 * <p>A {@code templateVariables} value is the Canary's, and a Canary of another namespace may name
 * the template, whose address and credentials then run its query: a value that holds a quote
 * ({@code " ' `}), a backslash or a line break, with which it could end or escape the PromQL string
 * it is spliced into and add matchers or whole expressions, is refused. Regular expressions without
 * backslashes ({@code 5..|4[0-9]{2}}) pass. Spliced outside a string, a value is the template
 * author's to trust.
 */
public final class QueryTemplate {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern VARIABLE_KEY = Pattern.compile("variables\\.([A-Za-z0-9_]+)");

  /** What ends or escapes a PromQL string literal: quotes, backslash, line breaks, controls. */
  private static final Pattern LEAVES_A_STRING = Pattern.compile("[\"'`\\\\\\p{Cntrl}]");

  private static final String KNOWN =
      "name, namespace, target, service, ingress, interval, variables.<key>";
  private static final Map<String, Function<QueryContext, String>> VARIABLES =
      Map.of(
          "name", QueryContext::name,
          "namespace", QueryContext::namespace,
          "target", QueryContext::target,
          "service", QueryContext::service,
          "ingress", QueryContext::ingress,
          "interval", QueryContext::interval);

  private QueryTemplate() {}

  /**
   * Renders {@code template} with the values of {@code context}.
   *
   * @param templateName names the template in errors, e.g. {@code test/my-metric}
   * @throws QueryTemplateException naming the template and the action that cannot be rendered
   */
  public static String render(String templateName, String template, QueryContext context) {
    StringBuilder out = new StringBuilder(template.length());
    int pos = 0;
    while (true) {
      int open = template.indexOf("{{", pos);
      if (open < 0) {
        out.append(template, pos, template.length());
        return out.toString();
      }
      int close = template.indexOf("}}", open + 2);
      if (close < 0) {
        throw new QueryTemplateException(
            templateName,
            template.substring(open),
            "unclosed action " + abbreviate(template.substring(open)) + ": no }}");
      }
      String action = template.substring(open, close + 2);
      String inner = template.substring(open + 2, close);
      out.append(template, pos, open);
      pos = close + 2;
      if (trimsLeft(inner)) {
        inner = inner.substring(1);
        trimTrailingWhitespace(out);
      }
      if (trimsRight(inner)) {
        inner = inner.substring(0, inner.length() - 1);
        pos = skipWhitespace(template, pos);
      }
      out.append(evaluate(templateName, action, inner.strip(), context));
    }
  }

  private static String evaluate(
      String templateName, String action, String expression, QueryContext context) {
    Function<QueryContext, String> variable = VARIABLES.get(expression);
    if (variable != null) {
      return variable.apply(context);
    }
    Matcher key = VARIABLE_KEY.matcher(expression);
    if (key.matches()) {
      String value = context.variables().get(key.group(1));
      if (value == null) {
        throw new QueryTemplateException(
            templateName,
            action,
            action
                + ": templateVariables has no key \""
                + key.group(1)
                + "\" (keys: "
                + (context.variables().isEmpty()
                    ? "none"
                    : String.join(", ", new TreeSet<>(context.variables().keySet())))
                + ")");
      }
      if (LEAVES_A_STRING.matcher(value).find()) {
        throw new QueryTemplateException(
            templateName,
            action,
            action
                + ": templateVariables value of \""
                + key.group(1)
                + "\" holds a quote, backslash or line break, which could end the PromQL string"
                + " it is spliced into; use a regular expression without them (e.g. [.] or"
                + " [0-9] instead of an escape)");
      }
      return value;
    }
    if (expression.startsWith(".") && VARIABLES.containsKey(expression.substring(1))) {
      throw new QueryTemplateException(
          templateName,
          action,
          action + ": write {{ " + expression.substring(1) + " }}, without the dot, as in Flagger");
    }
    if (expression.equals("variables")) {
      throw new QueryTemplateException(
          templateName, action, action + ": name a key, e.g. {{ variables.direction }}");
    }
    if (IDENTIFIER.matcher(expression).matches()) {
      throw new QueryTemplateException(
          templateName,
          action,
          action + ": unknown variable \"" + expression + "\" (known: " + KNOWN + ")");
    }
    throw new QueryTemplateException(
        templateName,
        action,
        action + ": unsupported template expression (known variables: " + KNOWN + ")");
  }

  // Go's lexer: "{{- " and " -}}" are trim markers only with white space beside the dash, so
  // that {{-3}} stays the number -3.
  private static boolean trimsLeft(String inner) {
    return inner.length() >= 2 && inner.charAt(0) == '-' && isSpace(inner.charAt(1));
  }

  private static boolean trimsRight(String inner) {
    int n = inner.length();
    return n >= 2 && inner.charAt(n - 1) == '-' && isSpace(inner.charAt(n - 2));
  }

  private static void trimTrailingWhitespace(StringBuilder out) {
    int end = out.length();
    while (end > 0 && isSpace(out.charAt(end - 1))) {
      end--;
    }
    out.setLength(end);
  }

  private static int skipWhitespace(String s, int pos) {
    while (pos < s.length() && isSpace(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static String abbreviate(String s) {
    String line = s.lines().findFirst().orElse(s);
    return line.length() > 40 ? line.substring(0, 40) + "..." : line;
  }
}
