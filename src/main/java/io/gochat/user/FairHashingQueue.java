package io.gochat.user;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Password hashes waiting for a hashing thread, one line per remote address, served in
 * turn: a thread takes the oldest hash of the next address that has one. A flood from one
 * address therefore waits behind itself; a login from anywhere else waits for at most one
 * hash of each address ahead of it, not for the whole flood. Bounded in total and per
 * address, so that one address cannot hold every request thread either.
 */
final class FairHashingQueue {

	/** Why {@link #offer} refused, named as the setting that was reached. */
	enum Refusal {

		NONE, QUEUE_FULL, ADDRESS_FULL

	}

	private final int capacity;

	private final int capacityPerAddress;

	private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();

	/** Addresses with hashes waiting, in the order they are served next. */
	private final ArrayDeque<String> turns = new ArrayDeque<>();

	private int size;

	private boolean closed;

	FairHashingQueue(int capacity, int capacityPerAddress) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
		}
		if (capacityPerAddress < 1 || capacityPerAddress > capacity) {
			throw new IllegalArgumentException(
					"capacityPerAddress: " + capacityPerAddress + " (expected: 1 .. " + capacity + ")");
		}
		this.capacity = capacity;
		this.capacityPerAddress = capacityPerAddress;
	}

	/** Queues a hash of {@code address}, or says which bound refused it. */
	synchronized Refusal offer(String address, Runnable hash) {
		if (this.size >= this.capacity) {
			return Refusal.QUEUE_FULL;
		}
		ArrayDeque<Runnable> line = this.waiting.get(address);
		if (line == null) {
			line = new ArrayDeque<>();
			this.waiting.put(address, line);
			this.turns.addLast(address);
		}
		else if (line.size() >= this.capacityPerAddress) {
			return Refusal.ADDRESS_FULL;
		}
		line.addLast(hash);
		this.size++;
		notify();
		return Refusal.NONE;
	}

	/**
	 * The next hash to run, waiting for one.
	 * @return {@code null} once {@link #close() closed}
	 */
	synchronized Runnable take() throws InterruptedException {
		while (this.turns.isEmpty() && !this.closed) {
			wait();
		}
		if (this.closed) {
			return null;
		}
		String address = this.turns.removeFirst();
		ArrayDeque<Runnable> line = this.waiting.get(address);
		Runnable hash = line.removeFirst();
		if (line.isEmpty()) {
			this.waiting.remove(address);
		}
		else {
			this.turns.addLast(address);
		}
		this.size--;
		return hash;
	}

	synchronized int size() {
		return this.size;
	}

	/** Wakes every waiting {@link #take()}; what is queued is never run. */
	synchronized void close() {
		this.closed = true;
		notifyAll();
	}

}
