package io.gochat.delivery;

import java.util.List;

import io.gochat.sequence.SeqAllocator;
import io.gochat.storage.Resequencer;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * New seqs for copies storage found in conflict, from the node's allocator.
 */
@Component
class AllocatorResequencer implements Resequencer {

	private final SeqAllocator seqs;

	// the allocator reads stored seqs, and storage
	// asks for new ones: resolved on first use
	AllocatorResequencer(@Lazy SeqAllocator seqs) {
		this.seqs = seqs;
	}

	@Override
	public long nextSeq(long userId) {
		return this.seqs.next(List.of(userId))[0];
	}

}
