package dev.zmqspring.docs.operations;

import java.time.Duration;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqProperties;
import dev.zmqspring.docs.DocsYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shutdown examples of docs/operations.md: the application's settings bind, and with the pod's preStop they
 * stay inside terminationGracePeriodSeconds with the margin the page's formula asks for.
 */
@Timeout(60)
class ShutdownTests {

	@Test
	void applicationSettingsBindAndFitTheGracePeriodOfThePod() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withInitializer(DocsYaml.initializer("docs/operations/shutdown.yml"))
			.run(context -> {
				assertThat(context).hasNotFailed();
				Duration zmq = context.getBean(ZmqProperties.class).getShutdownTimeout();
				assertThat(zmq).isEqualTo(Duration.ofSeconds(10));
				Binder application = Binder.get(context.getEnvironment());
				assertThat(application.bind("server.shutdown", String.class).get()).isEqualTo("graceful");
				Duration web = application.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).get();

				PropertySource<?> pod = DocsYaml.load("docs/operations/pod-shutdown.yml");
				Binder podBinder = new Binder(ConfigurationPropertySources.from(pod));
				int grace = podBinder.bind("spec.termination-grace-period-seconds", Integer.class).get();
				String preStopCommand = (String) pod.getProperty("spec.containers[0].lifecycle.preStop.exec.command[2]");
				assertThat(preStopCommand).startsWith("sleep ");
				Duration preStop = Duration.ofSeconds(Long.parseLong(preStopCommand.substring("sleep ".length())));

				// terminationGracePeriodSeconds >= preStop + timeout-per-shutdown-phase + zmq.shutdown-timeout + 2s
				assertThat(Duration.ofSeconds(grace))
					.isGreaterThanOrEqualTo(preStop.plus(web).plus(zmq).plus(Duration.ofSeconds(2)));
			});
	}

}
