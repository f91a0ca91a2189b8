package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio string match: one of exact, prefix or regex. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StringMatch {

  @JsonPropertyDescription("Exact string match.")
  private String exact;

  @JsonPropertyDescription("Prefix match.")
  private String prefix;

  @JsonPropertyDescription("RE2 regular expression match.")
  private String regex;

  public String getExact() {
    return exact;
  }

  public void setExact(String exact) {
    this.exact = exact;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getRegex() {
    return regex;
  }

  public void setRegex(String regex) {
    this.regex = regex;
  }
}
