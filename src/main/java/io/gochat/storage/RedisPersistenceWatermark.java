package io.gochat.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.gochat.mode.ClusterMode;
import io.gochat.node.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The cluster's persistence watermark, in Redis.
 * <p>
 * Each node incarnation numbers its publishes (batches) 1, 2, 3, … and records in the
 * hash {@value #CONFIRMED} the highest batch the broker confirmed, before that batch's
 * senders get their ACK. Consumers, after commit (or dead-lettering), mark the batches
 * they wrote; the hash {@value #STORED} holds, per incarnation, the highest batch up to
 * which every batch is written or failed (the done-but-not-contiguous ones wait in a
 * set). A sync started after an ACK waits until, for each incarnation, stored reached
 * what was confirmed when it started: one Redis call per batch on each side.
 */
@ClusterMode
@Component
class RedisPersistenceWatermark implements PersistenceWatermark {

	private static final Logger log = LoggerFactory.getLogger(RedisPersistenceWatermark.class);

	static final String CONFIRMED = "gochat_persist_confirmed";

	static final String STORED = "gochat_persist_stored";

	static final String DONE_PREFIX = "gochat_persist_done_";

	/** KEYS: stored hash, done set; ARGV: incarnation, batches. */
	private static final RedisScript<Long> MARK_DONE = RedisScript.of("""
			local wm = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
			local lowest = nil
			for i = 2, #ARGV do
			    local b = tonumber(ARGV[i])
			    if b > wm then
			        redis.call('SADD', KEYS[2], b)
			        if lowest == nil or b < lowest then lowest = b end
			    end
			end
			if wm < 0 then
			    -- Redis lost the watermark: start just below what is known now
			    if lowest == nil then return wm end
			    wm = lowest - 1
			end
			while redis.call('SREM', KEYS[2], wm + 1) == 1 do wm = wm + 1 end
			redis.call('HSET', KEYS[1], ARGV[1], wm)
			redis.call('EXPIRE', KEYS[2], 86400)
			return wm
			""", Long.class);

	private static final RedisScript<List> READ = RedisScript.of("""
			return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
			""", List.class);

	private final StringRedisTemplate redis;

	private final String incarnation;

	private final AtomicLong batches = new AtomicLong();

	private long highestConfirmed;

	RedisPersistenceWatermark(StringRedisTemplate redis, NodeProperties node) {
		this.redis = redis;
		String address = node.rpcAddress();
		this.incarnation = address + "#" + System.currentTimeMillis();
		try {
			// earlier incarnations of this node will not confirm anything more
			List<Object> old = new ArrayList<>(redis.opsForHash().keys(CONFIRMED));
			old.removeIf((field) -> !Mark.nodeOf(field.toString()).equals(address));
			if (!old.isEmpty()) {
				redis.opsForHash().delete(CONFIRMED, old.toArray());
				redis.opsForHash().delete(STORED, old.toArray());
			}
			redis.opsForHash().put(STORED, this.incarnation, "0");
		}
		catch (RuntimeException ex) {
			log.warn("Could not register the persistence watermark of {}: {}", this.incarnation, ex.getMessage());
		}
	}

	String incarnation() {
		return this.incarnation;
	}

	/** The number of the next batch this node publishes. */
	long nextBatch() {
		return this.batches.incrementAndGet();
	}

	/**
	 * The broker confirmed the batch: recorded before its senders are ACKed.
	 */
	synchronized void confirmed(long batch) {
		if (batch > this.highestConfirmed) {
			this.highestConfirmed = batch;
			this.redis.opsForHash().put(CONFIRMED, this.incarnation, Long.toString(batch));
		}
	}

	/**
	 * Batches written (or dead-lettered, or refused by the broker): the watermark may
	 * move.
	 */
	void done(String incarnation, List<Long> batches) {
		if (batches.isEmpty()) {
			return;
		}
		List<String> args = new ArrayList<>(batches.size() + 1);
		args.add(incarnation);
		batches.forEach((b) -> args.add(Long.toString(b)));
		this.redis.execute(MARK_DONE, List.of(STORED, DONE_PREFIX + incarnation), args.toArray());
	}

	@Override
	public Mark mark() {
		Map<String, Long>[] both = read();
		Map<String, Long> pending = new HashMap<>();
		both[0].forEach((incarnation, confirmed) -> {
			if (confirmed > both[1].getOrDefault(incarnation, -1L)) {
				pending.put(incarnation, confirmed);
			}
		});
		return pending.isEmpty() ? Mark.NOTHING : new Mark(pending);
	}

	@Override
	public Stored stored() {
		return new Stored(read()[1]);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Long>[] read() {
		List<?> reply = this.redis.execute(READ, List.of(CONFIRMED, STORED));
		Map<String, Long>[] both = new Map[] { new HashMap<>(), new HashMap<>() };
		for (int i = 0; i < 2 && reply != null && i < reply.size(); i++) {
			List<?> flat = (List<?>) reply.get(i);
			for (int j = 0; j + 1 < flat.size(); j += 2) {
				both[i].put(flat.get(j).toString(), Long.parseLong(flat.get(j + 1).toString()));
			}
		}
		return both;
	}

}
