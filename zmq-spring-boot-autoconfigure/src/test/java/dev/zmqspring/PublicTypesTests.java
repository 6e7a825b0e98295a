package dev.zmqspring;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public surface of the starter is chosen, not accidental: every public type is
 * either API or one of the few internal types that another package of the starter needs,
 * and those are the ones CONTRIBUTING's "What is API" table lists as public but internal.
 * A new public type fails here until it is added to one list (and to the table), or made
 * package-private.
 */
@Timeout(30)
class PublicTypesTests {

	/** Types an application uses, implements, extends, binds or declares as a bean. */
	private static final Set<String> API = Set.of("actuate.ZmqActuatorEndpoint",
			"actuate.ZmqActuatorEndpointAutoConfiguration", "actuate.ZmqHealthContributorAutoConfiguration",
			"actuate.ZmqHealthProperties", "annotation.EnableZmq", "annotation.ZmqHandler", "annotation.ZmqHeader",
			"annotation.ZmqListener", "annotation.ZmqListeners", "annotation.ZmqPublisher", "annotation.ZmqSendTo",
			"annotation.ZmqTopic", "autoconfigure.ReliableSchemaInitializer", "autoconfigure.ZmqAutoConfiguration",
			"autoconfigure.ZmqEndpointProperties", "autoconfigure.ZmqEventAutoConfiguration",
			"autoconfigure.ZmqListenerContainerFactoryConfigurer", "autoconfigure.ZmqProperties",
			"autoconfigure.ZmqProxyProperties", "autoconfigure.ZmqReliableProperties",
			"autoconfigure.ZmqSocketProperties", "core.ConnectionRejections", "core.DefaultZmqThreadFactory",
			"core.EndpointStatistics", "core.IoThreadFailures", "core.RefusedFrames", "core.SocketActivity",
			"core.ZmqBindException", "core.ZmqDelivery", "core.ZmqEndpoint", "core.ZmqEndpointCatalog",
			"core.ZmqException", "core.ZmqOperations", "core.ZmqOutbox", "core.ZmqRemoteException",
			"core.ZmqRequestTimeoutException", "core.ZmqSendException", "core.ZmqSenderRegistry",
			"core.ZmqSocketCustomizer", "core.ZmqSocketFactory", "core.ZmqSocketSecurityCheck", "core.ZmqSocketType",
			"core.ZmqTemplate", "core.ZmqThreadFactory", "event.ZmqEvent", "event.ZmqListenerContainerEvent",
			"event.ZmqListenerContainerFailedEvent", "event.ZmqListenerContainerStartedEvent",
			"event.ZmqListenerContainerStoppedEvent", "event.ZmqIoThreadDiedEvent", "event.ZmqSocketBindFailedEvent",
			"event.ZmqSocketConnectedEvent", "event.ZmqSocketDisconnectedEvent", "event.ZmqSocketEvent",
			"listener.LoggingZmqListenerErrorHandler", "listener.ZmqListenerContainer",
			"listener.ZmqListenerContainerCustomizer", "listener.ZmqListenerContainerFactory",
			"listener.ZmqListenerEndpointRegistry", "listener.ZmqListenerErrorHandler", "listener.ZmqListenerException",
			"listener.ZmqMessageListener", "metrics.ZmqMetricsAutoConfiguration",
			"observation.DefaultZmqDispatchObservationConvention", "observation.ZmqDispatchContext",
			"observation.ZmqDispatchObservationConvention", "observation.DefaultZmqListenerObservationConvention",
			"observation.DefaultZmqRequestObservationConvention", "observation.DefaultZmqSendObservationConvention",
			"observation.ZmqListenerContext", "observation.ZmqListenerObservationConvention",
			"observation.ZmqObservation", "observation.ZmqObservations", "observation.ZmqRequestContext",
			"observation.ZmqRequestObservationConvention", "observation.ZmqSendContext",
			"observation.ZmqSendObservationConvention", "proxy.ZmqProxy", "proxy.ZmqProxyRegistry",
			"proxy.ZmqProxyType", "reliable.DeadLetter", "reliable.DeadLetterService", "reliable.DeadLetterStore",
			"reliable.DurableTopics", "reliable.GroupBacklog", "reliable.GroupStatistics", "reliable.TopicGroup",
			"reliable.InMemoryDeadLetterStore", "reliable.InMemoryOutboxStore",
			"reliable.InMemoryProcessedMessageStore", "reliable.JdbcDeadLetterStore", "reliable.JdbcOutboxStore",
			"reliable.JdbcProcessedMessageStore", "reliable.ListenerTransaction", "reliable.OutboxMessage",
			"reliable.OutboxStore", "reliable.ProcessedMessageStore", "reliable.ReliableDeliveryRegistry",
			"reliable.ReliableStatistics", "security.AuthenticationStatistics", "security.CurveProperties",
			"security.CurveRole", "security.MalformedFrameGuard", "security.SecuredSocketCheck",
			"security.ZmqKeyGenerator", "security.ZmqSecurityAutoConfiguration", "security.ZmqSecurityException",
			"security.ZmqSecurityProperties", "support.ZmqHeaders", "support.ZmqMessage",
			"support.ZmqMessageFormatException", "support.converter.JsonZmqMessageConverter",
			"support.converter.SimpleZmqMessageConverter", "support.converter.ZmqConversionException",
			"support.converter.ZmqMessageConverter");

	/** Public only because another package of the starter uses them. */
	private static final Set<String> INTERNAL = Set.of("config.ZmqListenerAnnotationBeanPostProcessor",
			"config.ZmqPublisherRegistrar", "core.EndpointReopener", "core.EndpointSender", "core.IoThreadCulprit",
			"core.MessageFrameLimit", "listener.Promises", "core.PausedReads", "core.PendingReopen", "core.OpenSignal",
			"core.RepeatLimitedLog", "core.SenderReopener", "core.SocketSettings", "core.SubscriptionLimit",
			"core.ThreadTally", "core.ZmqAddresses", "core.ZmqShutdownDeadline", "core.CheckedThreadFactory",
			"event.ZmqEventPublisher", "listener.ListenerReopener", "listener.HandlerDispatcher",
			"listener.MethodZmqMessageListener", "listener.ZmqListenerObserver", "proxy.ProxyReopener",
			"reliable.OutboxService", "reliable.ReliableListenerFactory", "reliable.ReliableSchema",
			"reliable.ReliableSettings", "reliable.SpringListenerTransaction", "support.ErrorReply",
			"support.HeadersFrameCodec", "support.HeadersJson", "support.ZmqFrameDecoder", "support.ZmqFrameEncoder",
			"listener.GroupSubscription", "listener.GroupSubscriptionDefaults", "listener.RepliesLater",
			"listener.ReplyFrames", "listener.TransactionalBatches", "reliable.DurableTopicSettings",
			"reliable.InMemoryTopicStore", "reliable.JdbcTopicStore", "reliable.TopicDelivery",
			"reliable.TopicFetchServer", "reliable.TopicMessage", "reliable.TopicStore", "support.GroupFetchFrames");

	@Test
	void everyPublicTypeIsApiOrAListedInternalType() throws Exception {
		Set<String> expected = new TreeSet<>(API);
		expected.addAll(INTERNAL);
		assertThat(publicTypes())
			.as("public top-level types of the starter; a new one is API (javadoc, CONTRIBUTING's table, API above) "
					+ "or internal (package-info, the table's last column, INTERNAL above), or is package-private")
			.containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void contributingListsExactlyTheInternalPublicTypes() throws IOException {
		String contributing = Files.readString(Path.of("..", "CONTRIBUTING.md"));
		String table = contributing.substring(contributing.indexOf("| package | API | public but internal |"));
		table = table.substring(0, table.indexOf("\n\n"));
		Set<String> listed = new TreeSet<>();
		for (String row : table.split("\n")) {
			String[] cells = row.split("\\|");
			if (cells.length > 3 && cells[1].trim().startsWith("`")) {
				String packageName = cells[1].trim().replace("`", "");
				Matcher name = Pattern.compile("`([A-Z][A-Za-z]*)`").matcher(cells[3]);
				while (name.find()) {
					listed.add(packageName + "." + name.group(1));
				}
			}
		}
		assertThat(listed).as("the last column of CONTRIBUTING's \"What is API\" table")
			.containsExactlyInAnyOrderElementsOf(INTERNAL);
	}

	private static Set<String> publicTypes() throws IOException, URISyntaxException, ClassNotFoundException {
		Path classes = Path.of(ZmqTemplate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		String separator = classes.getFileSystem().getSeparator();
		Set<String> names = new TreeSet<>();
		try (Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter(PublicTypesTests::topLevelClass).toList()) {
				String name = classes.relativize(file).toString().replace(separator, ".").replaceAll("\\.class$", "");
				if (Modifier
					.isPublic(Class.forName(name, false, PublicTypesTests.class.getClassLoader()).getModifiers())) {
					names.add(name.substring("dev.zmqspring.".length()));
				}
			}
		}
		return names;
	}

	private static boolean topLevelClass(Path file) {
		String name = file.getFileName().toString();
		return name.endsWith(".class") && !name.contains("$") && !name.equals("package-info.class");
	}

}
