package dev.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTemplateTest {

  static final QueryContext CONTEXT =
      new QueryContext(
          "podinfo",
          "test",
          "podinfo-app",
          "podinfo-svc",
          "podinfo-ing",
          "30s",
          Map.of("cluster", "dev", "consumer_group", "my_consumer"));

  static String render(String template) {
    return QueryTemplate.render("test/t", template, CONTEXT);
  }

  static QueryTemplateException renderError(
      String templateName, String template, QueryContext context, String... fragments) {
    QueryTemplateException e =
        assertThrows(
            QueryTemplateException.class,
            () -> QueryTemplate.render(templateName, template, context));
    for (String fragment : fragments) {
      assertTrue(
          e.getMessage().contains(fragment),
          () -> "\"" + e.getMessage() + "\" should contain \"" + fragment + "\"");
    }
    return e;
  }

  @ParameterizedTest
  @CsvSource({
    "{{ name }}, podinfo",
    "{{ namespace }}, test",
    "{{ target }}, podinfo-app",
    "{{ service }}, podinfo-svc",
    "{{ ingress }}, podinfo-ing",
    "{{ interval }}, 30s",
    "{{ variables.cluster }}, dev",
    "{{ variables.consumer_group }}, my_consumer",
  })
  void everyVariableRendersItsValue(String template, String expected) {
    assertEquals(expected, render(template));
  }

  @Test
  void flaggersVariablesExampleRenders() {
    // given the query of Flagger's own render test with templateVariables
    String template =
        "delta(max by (consumer_group) (kafka_consumer_current_offset{"
            + "cluster=\"{{ variables.cluster }}\", consumer_group=\"{{ variables.consumer_group }}\""
            + "}[{{ interval }}]))";

    // then
    assertEquals(
        "delta(max by (consumer_group) (kafka_consumer_current_offset{"
            + "cluster=\"dev\", consumer_group=\"my_consumer\"}[30s]))",
        render(template));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{{target}}",
        "{{ target }}",
        "{{   target\t}}",
        "{{\n  target\n}}",
        "{{target }}"
      })
  void whiteSpaceInsideTheBracesIsFree(String action) {
    assertEquals("up{pod=\"podinfo-app\"}", render("up{pod=\"" + action + "\"}"));
  }

  @Test
  void trimMarkersRemoveTheWhiteSpaceAroundTheAction() {
    assertEquals("apodinfo-appb", render("a  \n {{- target -}} \n  b"));
    assertEquals("apodinfo-app b", render("a {{- target }} b"));
    assertEquals("a podinfo-appb", render("a {{ target -}} b"));
  }

  @Test
  void textWithoutActionsIsUnchanged() {
    String promql = "sum(rate(x{a=\"b\"}[1m])) by (le) / 2 {not-an-action}";
    assertEquals(promql, render(promql));
  }

  @Test
  void aVariableUsedTwiceRendersTwice() {
    assertEquals("test_podinfo-app-test", render("{{ namespace }}_{{ target }}-{{namespace}}"));
  }

  @Test
  void unknownVariableIsAnErrorNamingItAndTheTemplate() {
    QueryTemplateException e =
        renderError(
            "istio-system/latency",
            "x{{ deployment }}",
            CONTEXT,
            "query template istio-system/latency",
            "unknown variable \"deployment\"",
            "known: name, namespace, target, service, ingress, interval, variables.<key>");
    assertEquals("istio-system/latency", e.templateName());
    assertEquals("{{ deployment }}", e.action());
  }

  @Test
  void unknownVariablesKeyIsAnErrorListingTheKeysThatExist() {
    // where Go's text/template would print "<no value>" into the query
    renderError(
        "test/t",
        "{cluster=\"{{ variables.region }}\"}",
        CONTEXT,
        "query template test/t",
        "{{ variables.region }}",
        "templateVariables has no key \"region\"",
        "keys: cluster, consumer_group");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api\"} or vector(1) #",
        "api\\",
        "api' or 'x",
        "api` or `x",
        "api\n) or vector(1)",
        "api\r",
      })
  void aVariableThatCouldLeaveItsLabelMatcherStringIsRefused(String value) {
    // a Canary of another namespace may use this template, with the template's credentials
    QueryContext hostile = new QueryContext("a", "b", "c", "d", "e", "1m", Map.of("job", value));

    renderError(
        "team-a/t",
        "sum(rate(http_requests_total{job=\"{{ variables.job }}\"}[1m]))",
        hostile,
        "query template team-a/t",
        "{{ variables.job }}",
        "templateVariables value of \"job\"",
        "PromQL string");
  }

  @Test
  void regexValuesStillRender() {
    QueryContext regex =
        new QueryContext(
            "a", "b", "c", "d", "e", "1m", Map.of("code", "5..|4[0-9]{2}", "p", "/api/.*"));

    assertEquals(
        "x{code=~\"5..|4[0-9]{2}\",path=~\"/api/.*\"}",
        QueryTemplate.render(
            "t", "x{code=~\"{{ variables.code }}\",path=~\"{{ variables.p }}\"}", regex));
  }

  @Test
  void variablesKeyWithoutAnyTemplateVariablesSaysSo() {
    QueryContext none = new QueryContext("a", "b", "c", "d", "e", "1m", null);
    renderError("ns/t", "{{ variables.direction }}", none, "no key \"direction\" (keys: none)");
  }

  @Test
  void dotPrefixedFormIsRefusedWithAHint() {
    // Flagger renders with no data value, so {{ .target }} never worked there either
    renderError("test/t", "{{ .target }}", CONTEXT, "write {{ target }}, without the dot");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{{ printf \"%s\" target }}",
        "{{ if target }}x{{ end }}",
        "{{ target | upper }}",
        "{{ }}",
        "{{ variables.my-key }}",
        "{{/* comment */}}"
      })
  void otherGoTemplateFeaturesAreRefused(String template) {
    renderError("test/t", template, CONTEXT, "query template test/t: {{");
  }

  @Test
  void variablesWithoutAKeyAsksForOne() {
    renderError("test/t", "{{ variables }}", CONTEXT, "name a key, e.g. {{ variables.direction }}");
  }

  @Test
  void unclosedActionIsAnError() {
    renderError("test/t", "sum(x{ns=\"{{ namespace \"})", CONTEXT, "unclosed action {{ namespace");
  }
}
