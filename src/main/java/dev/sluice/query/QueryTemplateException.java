package dev.sluice.query;

/**
 * A query template that cannot be rendered: an unknown variable, a {@code variables.*} key the
 * metric does not set, an unclosed or unsupported action. The message names the template and the
 * action.
 */
public class QueryTemplateException extends RuntimeException {

  private final String templateName;
  private final String action;

  public QueryTemplateException(String templateName, String action, String problem) {
    super("query template " + templateName + ": " + problem);
    this.templateName = templateName;
    this.action = action;
  }

  /**
   * The template, e.g. {@code test/not-found-percentage} or {@code builtin istio/request-duration}.
   */
  public String templateName() {
    return templateName;
  }

  /** The offending action as written, e.g. {@code {{ variables.cluster }}}. */
  public String action() {
    return action;
  }
}
