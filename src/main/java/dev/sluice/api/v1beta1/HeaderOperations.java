package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Header operations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HeaderOperations {

  @JsonPropertyDescription("Append these headers.")
  private Map<String, String> add;

  @JsonPropertyDescription("Remove these headers.")
  private List<String> remove;

  @JsonPropertyDescription("Overwrite these headers.")
  private Map<String, String> set;

  public Map<String, String> getAdd() {
    return add;
  }

  public void setAdd(Map<String, String> add) {
    this.add = add;
  }

  public List<String> getRemove() {
    return remove;
  }

  public void setRemove(List<String> remove) {
    this.remove = remove;
  }

  public Map<String, String> getSet() {
    return set;
  }

  public void setSet(Map<String, String> set) {
    this.set = set;
  }
}
