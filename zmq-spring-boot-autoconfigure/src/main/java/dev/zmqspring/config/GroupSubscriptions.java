package dev.zmqspring.config;

import java.util.Locale;
import java.util.function.UnaryOperator;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.listener.GroupSubscription;
import dev.zmqspring.listener.GroupSubscriptionDefaults;
import dev.zmqspring.support.GroupFetchFrames;
import org.jspecify.annotations.Nullable;

/**
 * Decides the subscription group of a {@code @ZmqListener}: its {@code group} attribute,
 * else its endpoint's {@code group} property; required on a durable topic's subscriber
 * (SUB with at-least-once delivery), refused on any other endpoint.
 */
final class GroupSubscriptions {

	private final UnaryOperator<String> resolver;

	private final GroupSubscriptionDefaults defaults;

	/**
	 * @param resolver resolves placeholders and expressions of annotation attributes
	 * @param defaults the groups configured on endpoints
	 */
	GroupSubscriptions(UnaryOperator<String> resolver, GroupSubscriptionDefaults defaults) {
		this.resolver = resolver;
		this.defaults = defaults;
	}

	/**
	 * The subscription group of a listener on a durable topic's subscriber, or
	 * {@code null} for any other listener.
	 * @param annotation the listener's annotation
	 * @param endpoint its endpoint
	 * @param where the listener, for messages
	 * @throws IllegalArgumentException when the group is missing, too long, or given to
	 * an endpoint that is not a durable topic's subscriber
	 */
	@Nullable GroupSubscription of(ZmqListener annotation, ZmqEndpoint endpoint, String where) {
		String group = this.resolver.apply(annotation.group()).trim();
		boolean durable = endpoint.type() == ZmqSocketType.SUB && endpoint.reliable();
		if (!durable) {
			if (!group.isEmpty()) {
				throw new IllegalArgumentException(where + ": group \"" + group + "\" is for a durable topic's"
						+ " subscriber, a SUB endpoint with delivery: at-least-once, but endpoint '" + endpoint.name()
						+ "' is " + endpoint.type() + " "
						+ endpoint.delivery().name().toLowerCase(Locale.ROOT).replace('_', '-')
						+ "; remove group, or set type sub and delivery at-least-once on " + endpoint.configuredAt());
			}
			return null;
		}
		GroupSubscription configured = this.defaults.of(endpoint.name());
		if (group.isEmpty()) {
			group = configured.group();
		}
		if (group.isEmpty()) {
			throw new IllegalArgumentException(where + ": endpoint '" + endpoint.name() + "' is a durable topic's"
					+ " subscriber (SUB, delivery at-least-once) and needs a subscription group: set group = \"...\""
					+ " on @ZmqListener, or " + endpoint.settingName("group"));
		}
		if (group.length() > GroupFetchFrames.MAX_GROUP_LENGTH) {
			throw new IllegalArgumentException(where + ": group \"" + group.substring(0, 40) + "...\" is "
					+ group.length() + " characters, more than " + GroupFetchFrames.MAX_GROUP_LENGTH);
		}
		for (String topic : endpoint.topics()) {
			if (topic.indexOf('\n') >= 0) {
				throw new IllegalArgumentException(where + ": a durable topic's subscriber cannot take a topic with a"
						+ " line break in it; subscribe to the prefix before it");
			}
		}
		return new GroupSubscription(group, configured.fromEarliest());
	}

}
