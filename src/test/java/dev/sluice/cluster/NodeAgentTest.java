package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NodeAgentTest {

  private static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("podinfo-1")
        .withNamespace("test")
        .withUid("uid-1")
        .endMetadata()
        .withNewSpec()
        .withNodeName(NodeAgent.NODE_NAME)
        .addNewContainer()
        .withName("podinfod")
        .withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
        .endContainer()
        .endSpec()
        .build();
  }

  private static Map<String, String> conditions(PodStatus status) {
    return status.getConditions().stream()
        .collect(Collectors.toMap(PodCondition::getType, PodCondition::getStatus));
  }

  @Test
  void aReadyPodRunsOnLoopbackWithEveryConditionTrue() {
    PodStatus status = NodeAgent.runningStatus(pod(), true);

    assertEquals("Running", status.getPhase());
    assertEquals("127.0.0.1", status.getPodIP());
    assertEquals(
        Map.of(
            "PodScheduled",
            "True",
            "Initialized",
            "True",
            "ContainersReady",
            "True",
            "Ready",
            "True"),
        conditions(status));
    assertEquals(true, status.getContainerStatuses().get(0).getReady());
    assertEquals("podinfod", status.getContainerStatuses().get(0).getName());
  }

  @Test
  void aNeverReadyPodRunsButIsNotReady() {
    PodStatus status = NodeAgent.runningStatus(pod(), false);

    assertEquals("Running", status.getPhase());
    assertEquals("False", conditions(status).get("Ready"));
    assertEquals("False", conditions(status).get("ContainersReady"));
    assertEquals(false, status.getContainerStatuses().get(0).getReady());
    assertEquals(true, status.getContainerStatuses().get(0).getStarted());
  }

  @Test
  void aSecondPassKeepsTheTimesOfTheFirst() {
    Pod pod = pod();
    pod.setStatus(NodeAgent.runningStatus(pod, true));
    pod.getStatus().getConditions().forEach(c -> c.setLastTransitionTime("2026-01-01T00:00:00Z"));
    pod.getStatus().setStartTime("2026-01-01T00:00:00Z");
    PodStatus first = NodeAgent.runningStatus(pod, true);
    pod.setStatus(first);

    PodStatus second = NodeAgent.runningStatus(pod, true);

    assertEquals(first, second);
    assertEquals("2026-01-01T00:00:00Z", second.getConditions().get(0).getLastTransitionTime());
  }
}
