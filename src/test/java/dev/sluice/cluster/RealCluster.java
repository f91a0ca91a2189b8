package dev.sluice.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class on a real control plane ({@link ControlPlane}) with Sluice installed on it
 * ({@link SluiceInstall}); tests take either as a parameter. One control plane and one controller
 * serve every class of the run that asks for the same {@link #neverReady()}; each test works in a
 * namespace of its own. A request of the controller that RBAC refused fails the test that was
 * running.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealClusterExtension.class)
public @interface RealCluster {
  /** Pods with a container whose image matches this never become Ready; empty for none. */
  String neverReady() default "";
}
