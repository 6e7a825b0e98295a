package dev.zmqspring.reliable;

/**
 * What a subscription group has still to acknowledge.
 *
 * @param pending messages kept for the group and not acknowledged yet (its lag)
 * @param inFlight of those, the messages claimed by a member and not due again yet
 * @param oldestCreatedAt when the oldest of them was published (epoch milliseconds), 0
 * when there is none
 * @param oldestSeq the publish order of the oldest of them (the group's position), 0 when
 * there is none
 */
public record GroupBacklog(long pending, long inFlight, long oldestCreatedAt, long oldestSeq) {

	/** No message pending. */
	public static final GroupBacklog NONE = new GroupBacklog(0, 0, 0, 0);

}
