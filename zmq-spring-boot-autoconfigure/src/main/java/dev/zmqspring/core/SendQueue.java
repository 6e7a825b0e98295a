package dev.zmqspring.core;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The bounded hand-off between the threads that send on an endpoint and the one thread
 * that owns its socket: many producers, one consumer, a fixed capacity. A producer claims
 * a slot with one compare-and-set and never takes a lock while there is room; the
 * consumer takes messages without any atomic read-modify-write. A lock is used only to
 * let producers wait while the queue is full, and the consumer parks only when it found
 * nothing to do, so neither side pays for waking the other while messages keep coming.
 * That lock is a {@link ReentrantLock}, not a monitor: a virtual thread that waits for
 * room unmounts from its carrier (on Java 21 to 23, a monitor wait would pin it).
 * <p>
 * Messages come out in the order their producers claimed slots, so each producer's order
 * is kept.
 */
final class SendQueue {

	private final int capacity;

	private final int mask;

	private final AtomicReferenceArray<byte[][]> slots;

	/** Next slot a producer claims. */
	private final AtomicLong producerIndex = new AtomicLong();

	/** Next slot the consumer takes; written by the consumer only. */
	private final AtomicLong consumerIndex = new AtomicLong();

	/** Producers waiting for room (they wait on {@link #room}). */
	private final AtomicInteger waitingProducers = new AtomicInteger();

	private final ReentrantLock roomLock = new ReentrantLock();

	private final Condition room = this.roomLock.newCondition();

	/**
	 * Whether the consumer is parked (or about to park) and must be woken by the next
	 * producer.
	 */
	private final AtomicBoolean consumerParked = new AtomicBoolean();

	private volatile @Nullable Thread consumer;

	SendQueue(int capacity) {
		// A power-of-two array makes the slot an index mask; the capacity itself is
		// enforced by the index distance.
		int bounded = Math.max(1, Math.min(capacity, 1 << 30));
		int length = (bounded == 1) ? 1 : Integer.highestOneBit(bounded - 1) << 1;
		this.capacity = bounded;
		this.mask = length - 1;
		this.slots = new AtomicReferenceArray<>(length);
	}

	/** Adds a message if there is room, without waiting. */
	boolean offer(byte[][] frames) {
		long claimed;
		do {
			claimed = this.producerIndex.get();
			if (claimed - this.consumerIndex.get() >= this.capacity) {
				return false;
			}
		}
		while (!this.producerIndex.compareAndSet(claimed, claimed + 1));
		this.slots.setRelease((int) claimed & this.mask, frames);
		// The volatile read after the producer index was raised pairs with the consumer's
		// write of the flag before
		// it looks for work: either the consumer sees this message or this producer sees
		// that it must wake it.
		if (this.consumerParked.get() && this.consumerParked.compareAndSet(true, false)) {
			LockSupport.unpark(this.consumer);
		}
		return true;
	}

	/**
	 * Adds a message, waiting up to the timeout for room.
	 * @return {@code false} when there was no room for the whole timeout
	 */
	boolean offer(byte[][] frames, long timeout, TimeUnit unit) throws InterruptedException {
		if (offer(frames)) {
			return true;
		}
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		this.roomLock.lockInterruptibly();
		try {
			this.waitingProducers.incrementAndGet();
			try {
				while (!offer(frames)) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						return false;
					}
					// Timed, so that a wake-up lost to a race costs at most a
					// millisecond, never the timeout.
					this.room.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
				}
				return true;
			}
			finally {
				this.waitingProducers.decrementAndGet();
			}
		}
		finally {
			this.roomLock.unlock();
		}
	}

	/** Takes the next message, or {@code null}; consumer thread only. */
	byte @Nullable [][] poll() {
		long index = this.consumerIndex.getPlain();
		int slot = (int) index & this.mask;
		byte[][] frames = this.slots.getAcquire(slot);
		if (frames == null) {
			if (index == this.producerIndex.get()) {
				return null;
			}
			// A producer claimed the slot and is about to fill it: a matter of a few
			// instructions.
			do {
				Thread.onSpinWait();
				frames = this.slots.getAcquire(slot);
			}
			while (frames == null);
		}
		this.slots.setPlain(slot, null);
		// Release: a producer that sees the new index also sees the slot emptied.
		this.consumerIndex.setRelease(index + 1);
		return frames;
	}

	/**
	 * Tells producers waiting for room that the consumer made some; consumer thread only,
	 * after taking messages.
	 */
	void signalRoom() {
		// Pairs with the producer's increment before it checks for room (a store-load
		// order needs the full fence).
		VarHandle.fullFence();
		if (this.waitingProducers.get() > 0) {
			this.roomLock.lock();
			try {
				this.room.signalAll();
			}
			finally {
				this.roomLock.unlock();
			}
		}
	}

	/**
	 * Parks the consumer until a producer adds a message or the timeout passes; returns
	 * at once if there is a message already. Consumer thread only.
	 */
	void awaitMessages(long timeout, TimeUnit unit) {
		this.consumer = Thread.currentThread();
		this.consumerParked.set(true);
		if (isEmpty()) {
			LockSupport.parkNanos(this, unit.toNanos(timeout));
		}
		this.consumerParked.set(false);
	}

	/** Whether no message is queued (claimed slots count as queued). */
	boolean isEmpty() {
		return this.producerIndex.get() == this.consumerIndex.get();
	}

	/** Messages queued, claimed slots included. */
	int size() {
		return (int) (this.producerIndex.get() - this.consumerIndex.get());
	}

	/** Removes every queued message; consumer thread only. @return how many */
	int clear() {
		int removed = 0;
		while (poll() != null) {
			removed++;
		}
		signalRoom();
		return removed;
	}

}
