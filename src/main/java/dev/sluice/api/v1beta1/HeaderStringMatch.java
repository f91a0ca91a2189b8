package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Header match: one of exact, prefix, suffix or regex. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HeaderStringMatch {

  @JsonPropertyDescription("Exact string match.")
  private String exact;

  @JsonPropertyDescription("Prefix match.")
  private String prefix;

  @JsonPropertyDescription("Suffix match.")
  private String suffix;

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

  public String getSuffix() {
    return suffix;
  }

  public void setSuffix(String suffix) {
    this.suffix = suffix;
  }

  public String getRegex() {
    return regex;
  }

  public void setRegex(String regex) {
    this.regex = regex;
  }
}
